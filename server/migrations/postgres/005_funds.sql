-- The partner fund ledger and the assistance it pays for. Entries and assistance rows are
-- append-only: triggers refuse every UPDATE, DELETE and TRUNCATE, so a wrong entry can only be
-- corrected by a new correction entry pointing at it. Amounts are whole rupiah.
CREATE TABLE partner (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO partner (name) VALUES ('LKS Mitra Kenanga'), ('BRI'), ('Baznas'), ('Lazismu');
CREATE TABLE assistance (
    id BIGSERIAL PRIMARY KEY,
    household_id TEXT NOT NULL,
    member_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('health', 'education', 'rutilahu', 'elderly', 'emergency')),
    school_level TEXT CHECK (school_level IN ('tk', 'sd', 'smp', 'sma', 'pt', 'kesetaraan')),
    amount BIGINT NOT NULL CHECK (amount > 0),
    given_on DATE NOT NULL,
    partner_id BIGINT NOT NULL REFERENCES partner (id),
    document_number TEXT NOT NULL REFERENCES document (number),
    kelurahan TEXT NOT NULL,
    out_of_range_reason TEXT,
    recorded_by BIGINT NOT NULL REFERENCES app_user (id),
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((kind = 'education') = (school_level IS NOT NULL))
);
CREATE INDEX assistance_given ON assistance (given_on, id);
CREATE INDEX assistance_household ON assistance (household_id, given_on);
CREATE TABLE ledger_entry (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partner (id),
    kind TEXT NOT NULL CHECK (kind IN ('in', 'out', 'correction')),
    entry_date DATE NOT NULL,
    amount BIGINT NOT NULL,
    note TEXT NOT NULL,
    corrects BIGINT REFERENCES ledger_entry (id),
    assistance_id BIGINT UNIQUE REFERENCES assistance (id),
    recorded_by BIGINT NOT NULL REFERENCES app_user (id),
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (kind <> 'in' OR (amount > 0 AND corrects IS NULL AND assistance_id IS NULL)),
    CHECK (kind <> 'out' OR (amount < 0 AND corrects IS NULL AND assistance_id IS NOT NULL)),
    CHECK (kind <> 'correction' OR (amount <> 0 AND corrects IS NOT NULL AND assistance_id IS NULL))
);
CREATE INDEX ledger_entry_partner ON ledger_entry (partner_id, entry_date, id);
CREATE INDEX ledger_entry_corrects ON ledger_entry (corrects);
CREATE TABLE reported_figure (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT REFERENCES partner (id),
    kind TEXT NOT NULL CHECK (kind IN ('balance', 'collected', 'paid_out')),
    period_from DATE,
    period_to DATE NOT NULL,
    amount BIGINT NOT NULL,
    note TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES app_user (id),
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((kind = 'balance') = (period_from IS NULL))
);
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER assistance_append_only BEFORE UPDATE OR DELETE ON assistance
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER assistance_no_truncate BEFORE TRUNCATE ON assistance
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
