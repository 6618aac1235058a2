-- Casework: referrals (rujukan) to other agencies and complaints (pengaduan) taken at the office
-- desk, each with its current status (for the lists' filters) and an append-only history of
-- status steps (case_event: never updated, never deleted).
CREATE TABLE referral (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES household (id),
    member_id TEXT,
    kelurahan TEXT NOT NULL,
    agency TEXT NOT NULL,
    need TEXT NOT NULL,
    origin_kind TEXT NOT NULL CHECK (origin_kind IN ('visit', 'decision', 'complaint')),
    origin_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sent', 'received', 'acted_on', 'closed')),
    sent_on DATE NOT NULL,
    status_on DATE NOT NULL,
    created_by BIGINT NOT NULL REFERENCES app_user (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX referral_status ON referral (status, sent_on);
CREATE INDEX referral_household ON referral (household_id, id);
CREATE TABLE complaint (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    nik TEXT,
    category TEXT NOT NULL CHECK (category IN
        ('not_registered', 'wrongly_registered', 'aid_not_received', 'service', 'other')),
    details TEXT NOT NULL,
    household_id TEXT REFERENCES household (id),
    kelurahan TEXT,
    status TEXT NOT NULL CHECK (status IN ('received', 'in_progress', 'resolved', 'rejected')),
    received_on DATE NOT NULL,
    status_on DATE NOT NULL,
    task_for BIGINT REFERENCES app_user (id),
    created_by BIGINT NOT NULL REFERENCES app_user (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX complaint_status ON complaint (status, received_on);
CREATE TABLE case_event (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_kind TEXT NOT NULL CHECK (case_kind IN ('referral', 'complaint')),
    case_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    on_date DATE NOT NULL,
    note TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES app_user (id),
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX case_event_case ON case_event (case_kind, case_id, id);
CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'case_event is append-only'; END $$;
CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event
    FOR EACH ROW EXECUTE FUNCTION case_event_append_only();
