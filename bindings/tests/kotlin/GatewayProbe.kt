// What the gateway tests share: a "main thread" of their own that the gateway answers on (as
// Android's main-thread executor would), waiting for an answer while checking where it came,
// the form steps through the gateway, and the office server's command line for set-up the
// office would do by hand (enrolment codes, a user limited to one kelurahan).
package id.pandu.core.test

import id.pandu.core.*
import id.pandu.gateway.*
import java.awt.Color
import java.io.File
import java.util.Random
import javax.imageio.ImageIO
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** The name of the thread the gateway must answer on. */
const val CALLER_THREAD = "test-main"

/** Waits for gateway answers, which must arrive on the [CALLER_THREAD] executor. */
class GatewayProbe(val fx: Fixture) {
    /** The caller's executor, handed to the gateway. */
    val caller = Executors.newSingleThreadExecutor { Thread(it, CALLER_THREAD).apply { isDaemon = true } }

    /** Open a gateway on [dir] with the test key. */
    fun open(dir: File): Outcome<Gateway> = await { Gateway.open(dir.path, Fixture.key(11), caller, it) }

    /** The outcome [call] gives its reply, checked to arrive on the caller's executor. */
    fun <T> await(call: (Reply<T>) -> Unit): Outcome<T> {
        val done = CountDownLatch(1)
        var outcome: Outcome<T>? = null
        var thread = ""
        call { got ->
            outcome = got
            thread = Thread.currentThread().name
            done.countDown()
        }
        expect(done.await(120, TimeUnit.SECONDS)) { "no answer in time" }
        expectEquals(CALLER_THREAD, thread, "answered on the caller's executor")
        return outcome!!
    }

    /** The value [call] answers; fails the test when the call failed. */
    fun <T> get(call: (Reply<T>) -> Unit): T = when (val outcome = await(call)) {
        is Outcome.Done -> outcome.value
        is Outcome.Failed -> throw AssertionError("the call failed: ${outcome.failure}")
    }

    /** The failure [call] answers, which must have next step [next]. */
    fun <T> failure(next: NextStep, call: (Reply<T>) -> Unit): Failure {
        val outcome = await(call)
        expect(outcome is Outcome.Failed) { "expected a failure, got $outcome" }
        val failure = (outcome as Outcome.Failed).failure
        expectEquals(next, failure.next, "next step of $failure")
        expect(failure.text.id.isNotBlank() && failure.text.en.isNotBlank()) { "bilingual text" }
        return failure
    }
}

/** The form's steps through the gateway, for [fillPages]. */
class GatewaySteps(private val probe: GatewayProbe, private val form: FormGateway) : FormSteps {
    override fun screen() = probe.get(form::screen)
    override fun answer(id: String, answer: Answer) {
        probe.get { form.answer(id, answer, it) }
    }
    override fun attach(id: String, file: File) {
        val fix = PhotoFix(-0.22, 100.63, 6.0, false, java.time.Instant.now())
        probe.get { form.attachPhoto(id, file.path, fix, it) }
    }
    override fun next() {
        probe.get(form::next)
    }
}

/** A camera file no earlier test sent: test photo [n] with a random patch painted in, so its
 *  photo id is new and the office does not hold it yet. */
fun freshCameraFile(fx: Fixture, n: Int): File {
    val file = fx.cameraFile(n)
    val image = ImageIO.read(file)
    image.createGraphics().apply {
        color = Color(Random().nextInt(0xFFFFFF))
        fillRect(0, 0, 200, 200)
        dispose()
    }
    ImageIO.write(image, "jpg", file)
    return file
}

/** The office server's command line on the data folder scripts/test-kotlin gave the server. */
fun officeCommand(fx: Fixture, vararg args: String, input: String = ""): String {
    val command = listOf("target/debug/pandu-server", "--data-dir", File(fx.work, "server").path) + args
    val process = ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start()
    process.outputStream.use { it.write(input.toByteArray()) }
    val output = process.inputStream.bufferedReader().readText()
    expectEquals(0, process.waitFor(), "exit code of ${args.first()}")
    return output
}
