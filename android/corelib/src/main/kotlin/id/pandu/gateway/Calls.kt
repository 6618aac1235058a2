// Where core calls run and where their answers go: every blocking call runs on one worker
// thread, in the order the screens made them (an answer, then "next"), and its outcome is handed
// to the caller's executor (the main thread on Android, a test's own thread on the JVM).
package id.pandu.gateway

import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors

/** Runs calls on [worker] and delivers their outcomes on [deliver]. */
class CallRunner(private val worker: ExecutorService, private val deliver: Executor) {
    /** Run [call] off the caller's thread; [reply] hears its outcome on the deliver executor. */
    fun <T> run(call: () -> T, reply: Reply<T>) {
        worker.execute {
            val outcome = attempt(call)
            deliver.execute { reply(outcome) }
        }
    }

    /** Run [action] on the deliver executor (for callbacks that arrive on other threads). */
    fun post(action: () -> Unit) = deliver.execute(action)

    /** Stop taking calls once those already queued have run (a core that did not open). */
    fun stop() = worker.shutdown()

    companion object {
        /** The gateway's own worker: one thread, named for thread dumps. */
        fun defaultWorker(): ExecutorService = Executors.newSingleThreadExecutor { task ->
            Thread(task, "pandu-core").apply { isDaemon = true }
        }
    }
}
