// Small, made-up view models for SwiftUI previews and the gateway's tests: one family, a visit
// (consent, one page with each common kind of question, the summary) and a sync. No real person.

import PanduCore

/// Made-up data in the core's own types.
public enum SampleData {
    /// Indonesian and English in one call.
    static func text(_ id: String, _ en: String) -> BilingualText {
        BilingualText(id: id, en: en)
    }

    /// A family found by search.
    public static let hit = HouseholdHit(
        householdId: "hh-1", headName: "Budi Santoso", matchedName: nil,
        kelurahanCode: "13.76.01.1002", rw: 1, rt: 2, address: "Jl. Sudirman No. 5",
        inPpls: true, kpsNumber: "KPS-0001", memberCount: 4
    )

    /// Its page.
    public static let page = HouseholdPage(
        householdId: "hh-1", headName: "Budi Santoso",
        addressLine: "Jl. Sudirman No. 5, RT 2 / RW 1, Labuh Baru, Payakumbuh Barat",
        registry: text("Terdaftar di PPLS 2011, memegang KPS", "In PPLS 2011, holds a KPS"),
        entitlement: Entitlement(
            number: "PKU-2026-000123", kind: .card, validUntil: "2027-11-27", state: .valid,
            text: text(
                "Kartu PKU-2026-000123 berlaku sampai 2027-11-27",
                "Card PKU-2026-000123 valid until 2027-11-27"
            )
        ),
        members: [
            MemberRow(
                name: "Budi Santoso", nikMasked: "************0012",
                relation: text("Kepala keluarga", "Head"), age: 45
            ),
            MemberRow(name: "Sari", nikMasked: nil, relation: text("Anak", "Child"), age: 9),
        ],
        history: [
            HistoryRow(
                recordId: "rec-0", kind: .visit, date: "2026-03-14",
                criteriaMet: 10, criteriaNeeded: 9, path: .a
            ),
        ],
        openDraft: nil
    )

    /// The home screen.
    public static let home = HomeScreen(
        drafts: [
            DraftRow(
                draftId: "draft-1", kind: .visit, householdName: "Budi Santoso",
                updatedAt: "2026-11-28T09:30:00+07:00"
            ),
        ],
        outbox: OutboxSummary(toSend: 2, waitingForMedia: 1, setAside: 0, sent: 12),
        tasks: [
            TaskRow(
                seq: 41, kind: .revisit, title: text("Kunjungi ulang", "Visit again"),
                householdId: "hh-1", householdName: "Budi Santoso", note: "Foto dinding kurang jelas",
                receivedAt: "2026-11-28T08:00:00+07:00"
            ),
        ],
        outcomes: [
            OutcomeRow(
                seq: 40, recordId: "rec-0", title: text("Kartu diterbitkan", "Card issued"), reason: nil,
                documentNumber: "PKU-2026-000123", validUntil: "2027-11-27",
                decidedAt: "2026-11-27T10:00:00+07:00"
            ),
        ]
    )

    /// The signed-in account.
    public static let account = AccountInfo(
        serverUrl: "https://pandu.example.go.id", username: "rina", role: "peksos",
        deviceName: "iPhone Rina", kelurahan: ["13.76.01.1002"], signedIn: true
    )

    /// The consent step of a visit.
    public static let consent = Screen.consent(view: ConsentView(
        title: text("Kunjungan rumah", "Home visit"),
        notice: text(
            "Data keluarga dicatat untuk verifikasi bantuan sosial.",
            "The family's data is recorded to verify social assistance."
        ),
        bases: [
            ChoiceView(value: "consent", label: text("Persetujuan", "Consent"), selected: false),
        ]
    ))

    /// A page of the visit with each common kind of question.
    public static let visitPage = Screen.page(view: PageView(
        sectionId: "dwelling", title: text("Rumah", "Dwelling"), number: 1, count: 3,
        questions: [
            question("floor_area_m2", .decimal, text("Luas lantai (m²)", "Floor area (m²)")),
            question(
                "floor_type", .selectOne, text("Jenis lantai", "Floor"),
                choices: [
                    ChoiceView(value: "earth", label: text("Tanah", "Earth"), selected: false),
                    ChoiceView(value: "tile", label: text("Keramik", "Tiles"), selected: false),
                ]
            ),
            question("floor_photo", .photo, text("Foto lantai", "Photo of the floor"), evidenceFor: 2),
            question("house_gps", .geopoint, text("Lokasi rumah", "Location of the house")),
        ],
        progress: FormProgress(answered: 0, required: 4, missingEvidence: ["floor_photo"]),
        canGoBack: false
    ))

    /// The summary of the visit.
    public static let summary = Screen.summary(view: SummaryView(
        title: text("Kunjungan rumah", "Home visit"),
        criteria: [
            CriterionView(
                number: 2, id: "floor", label: text("Lantai tanah/bambu", "Earth/bamboo floor"),
                status: .met, statusText: text("Terpenuhi", "Met"), answers: [],
                photoId: nil, evidenceMissing: true, photoFlags: []
            ),
        ],
        assessment: Assessment(
            score: Score(met: 9, notMet: 3, unknown: 0, minMet: 9, ruleVersion: "kunjungan-rumah v1"),
            path: .a, inclusionError: false, exclusionError: false, emergency: false,
            recommendation: text("Layanan dasar (jalur a)", "Basic services (path a)")
        ),
        blocking: [
            Problem(
                code: "evidence.missing", severity: .error, field: "floor_photo",
                text: text("Foto lantai belum diambil.", "The floor photo is missing.")
            ),
        ],
        progress: FormProgress(answered: 4, required: 4, missingEvidence: ["floor_photo"])
    ))

    /// A sync's progress events, in order.
    public static let syncProgress = [
        SyncProgress(stage: .starting, itemsDone: 0, itemsTotal: 0, bytesDone: 0, bytesTotal: 0),
        SyncProgress(stage: .records, itemsDone: 1, itemsTotal: 2, bytesDone: 900, bytesTotal: 1800),
        SyncProgress(stage: .media, itemsDone: 1, itemsTotal: 1, bytesDone: 210_000, bytesTotal: 210_000),
    ]

    /// The report of a sync that did everything.
    public static let syncReport = SyncReport(
        outcome: .completed, message: nil, pulled: 3, sent: 2, waitingForMedia: 0, setAside: 0,
        photosSent: 1, recordBytes: 1800, photoBytes: 210_000, mediaDeferred: false,
        archivedPhotos: 0
    )

    /// An outbox: one record the office holds, one it refused.
    public static let outbox = [
        OutboxEntry(
            recordId: "rec-1", kind: .visit, householdId: "hh-1",
            finishedAt: "2026-11-28T09:45:00+07:00", state: .done, attempts: 1, problems: [],
            missingMedia: [],
            receipt: Receipt(
                recordId: "rec-1", recordSha256: String(repeating: "a", count: 64), media: [],
                acceptedAt: "2026-11-28T03:00:00Z", keyId: "office-1",
                signature: String(repeating: "b", count: 128)
            )
        ),
        OutboxEntry(
            recordId: "rec-2", kind: .report, householdId: nil,
            finishedAt: "2026-11-28T10:00:00+07:00", state: .rejected, attempts: 1,
            problems: [
                Problem(
                    code: "report.rt_outside", severity: .error, field: nil,
                    text: text("RT di luar wilayah Anda.", "The RT is outside your area.")
                ),
            ],
            missingMedia: [], receipt: nil
        ),
    ]

    /// A question with nothing answered yet.
    static func question(
        _ id: String, _ kind: QuestionKind, _ label: BilingualText,
        choices: [ChoiceView] = [], evidenceFor: UInt8? = nil
    ) -> QuestionView {
        QuestionView(
            id: id, kind: kind, label: label, hint: nil, required: true, choices: choices,
            answer: nil, missing: true, maxLongSide: kind == .photo ? 1600 : nil,
            evidenceFor: evidenceFor
        )
    }
}
