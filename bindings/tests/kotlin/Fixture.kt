// What the tests share: the office server started by scripts/test-kotlin, the photos it made, a
// work folder, and one device core (opened, signed in and synced on first use).
package id.pandu.core.test

import id.pandu.core.*
import java.io.File
import java.util.UUID
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** The test environment, from the `pandu.*` system properties the script sets. */
class Fixture(
    val server: String,
    val username: String,
    val password: String,
    private val photos: File,
    val work: File,
) {
    /** The device's core, as the app opens it. */
    val core: PanduCore by lazy { PanduCore.open(folder("device").path, key(1)) }
    private var synced = false

    /** A new empty folder under the work folder. */
    fun folder(name: String): File = File(work, "$name-${UUID.randomUUID()}").apply { mkdirs() }

    /** Sign the device in with the password. */
    fun signIn(): AccountInfo = core.signIn(
        SignInRequest(server, username, Credential.Password(password), "kotlin-jvm"),
    )

    /** Sign in and pull the registry once, for tests that need households. */
    fun ensureSynced() {
        if (synced) return
        signIn()
        expectEquals(SyncOutcome.COMPLETED, syncNow().outcome, "first sync")
        synced = true
    }

    /** The households on the device. */
    fun households(): List<HouseholdHit> {
        ensureSynced()
        return core.searchHouseholds(HouseholdQuery(), 100u)
    }

    /** Run one sync to its end and return its report. */
    fun syncNow(listener: Recorder = Recorder()): SyncReport {
        core.startSync(SyncSettings(attempts = 2u), listener).use { return listener.await() }
    }

    /** A fresh camera file: a copy of test photo `n` (ingest deletes the camera's file). */
    fun cameraFile(n: Int): File {
        val source = File(photos, "photo-%02d.jpg".format(n % 4))
        return source.copyTo(File(folder("camera"), "IMG_$n.jpg"))
    }

    companion object {
        /** A 32-byte key filled with `byte`. */
        fun key(byte: Int) = ByteArray(32) { byte.toByte() }

        fun fromSystemProperties() = Fixture(
            server = System.getProperty("pandu.server"),
            username = System.getProperty("pandu.username"),
            password = System.getProperty("pandu.password"),
            photos = File(System.getProperty("pandu.photos")),
            work = File(System.getProperty("pandu.work")),
        )
    }
}

/** A listener that keeps what it hears and lets a test wait for the end. */
open class Recorder : SyncListener {
    val progress = CopyOnWriteArrayList<SyncProgress>()
    private val done = CountDownLatch(1)
    @Volatile var report: SyncReport? = null
    @Volatile var finishedCalls = 0

    override fun onProgress(progress: SyncProgress) {
        this.progress.add(progress)
    }

    override fun onFinished(report: SyncReport) {
        this.report = report
        finishedCalls++
        done.countDown()
    }

    /** The report, once the sync ended (at most two minutes). */
    fun await(): SyncReport {
        expect(done.await(120, TimeUnit.SECONDS)) { "the sync did not finish in time" }
        return report!!
    }
}

/**
 * A listener that holds the sync at its first callback until the test releases it, so what the
 * test does meanwhile (a second sync, a cancel) surely happens while the sync runs.
 */
class HeldRecorder : Recorder() {
    private val holding = CountDownLatch(1)
    private val released = CountDownLatch(1)

    override fun onProgress(progress: SyncProgress) {
        super.onProgress(progress)
        if (this.progress.size == 1) {
            holding.countDown()
            released.await(10, TimeUnit.SECONDS)
        }
    }

    /** Wait until the sync is held in its first callback (at most ten seconds). */
    fun awaitHeld() = expect(holding.await(10, TimeUnit.SECONDS)) { "the sync did not start" }

    /** Let the held sync go on. */
    fun release() = released.countDown()
}

/** The answers of `field/examples/visit-answers.json`. */
val VISIT_ANSWERS: Map<String, Answer> = mapOf(
    "floor_area_m2" to Answer.Decimal(24.0),
    "dwelling_people" to Answer.Integer(5),
    "floor_material" to Answer.Choice("earth"),
    "wall_material" to Answer.Choice("bamboo"),
    "toilet" to Answer.Choice("shared"),
    "lighting" to Answer.Choice("oil_lamp"),
    "house_point" to Answer.Point(GpsPoint(-0.22, 100.63, 8.0)),
    "protein_per_week" to Answer.Choice("once_or_less"),
    "clothes_per_year" to Answer.Choice("one_or_none"),
    "meals_per_day" to Answer.Integer(2),
    "can_pay_clinic" to Answer.Choice("no"),
    "head_occupation" to Answer.Choice("farmer"),
    "land_ha" to Answer.Decimal(0.3),
    "head_income" to Answer.Integer(450000),
    "head_education" to Answer.Choice("sd"),
    "savings_500k" to Answer.Choice("no"),
    "urgent_need" to Answer.Choice("none"),
)

/** The answers of `field/examples/report-answers.json`. */
val REPORT_ANSWERS: Map<String, Answer> = mapOf(
    "report_type" to Answer.Choice("propose"),
    "family_name" to Answer.Text("Keluarga Bapak Syafrizal"),
    "address" to Answer.Text("Jl. Sudirman No. 5, RT 02 RW 01"),
    "urgency" to Answer.Choice("urgent"),
    "description" to Answer.Text("Kepala keluarga sakit sejak dua bulan, anak tiga masih sekolah."),
)

/** The steps of a form that [fillPages] takes: through a Session directly, or through the gateway. */
interface FormSteps {
    /** The screen now. */
    fun screen(): Screen
    /** Answer question `id`. */
    fun answer(id: String, answer: Answer)
    /** Attach the camera's `file` as the photo of question `id`. */
    fun attach(id: String, file: File)
    /** Go to the next page. */
    fun next()
}

/** A session's own steps. */
class SessionSteps(private val session: Session) : FormSteps {
    override fun screen() = session.screen()
    override fun answer(id: String, answer: Answer) = session.answer(id, answer)
    override fun attach(id: String, file: File) {
        session.attachPhoto(id, PhotoCapture(file.path))
    }
    override fun next() = session.next()
}

/** [fillPages] on a session directly. */
fun fillPages(session: Session, answers: Map<String, Answer>, photo: (String) -> File?) =
    fillPages(SessionSteps(session), answers, photo)

/** Go page by page as the app does: answer what each page shows (a question may appear after
 *  another is answered, so the page is read again until nothing is left), take its photos, go
 *  next. */
fun fillPages(steps: FormSteps, answers: Map<String, Answer>, photo: (String) -> File?) {
    repeat(40) {
        val screen = steps.screen()
        if (screen is Screen.Summary) return
        val open = (screen as Screen.Page).view.questions.filter { it.answer == null }
        val given = open.count { question ->
            val file = if (question.kind == QuestionKind.PHOTO) photo(question.id) else null
            val answer = answers[question.id]
            when {
                file != null -> steps.attach(question.id, file)
                answer != null -> steps.answer(question.id, answer)
                else -> return@count false
            }
            true
        }
        if (given == 0) steps.next()
    }
    throw AssertionError("the session never reached its summary")
}

/** The sign-off of the test officer. */
val SIGN_OFF = SignOff(officer = "rina", confirmed = true)

/** The photo questions of the visit, in order. */
val PHOTO_QUESTIONS = listOf("floor_photo", "wall_photo", "toilet_photo", "lighting_photo")
