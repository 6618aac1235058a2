// The cost of crossing the boundary: the median time of typical calls and of photo ingest, made
// from Kotlin through JNA. `cargo run --release -p pandu-ffi --example overhead` times the same
// calls from Rust; the difference is what the binding adds (see BENCHMARKS.md).
package id.pandu.core.test

import id.pandu.core.*

/** The median of `runs` timings of `call`, in microseconds, after `warmup` untimed calls. */
fun medianMicros(runs: Int, warmup: Int = runs / 10, call: () -> Unit): Double {
    repeat(warmup) { call() }
    val times = LongArray(runs) {
        val start = System.nanoTime()
        call()
        System.nanoTime() - start
    }
    times.sort()
    return times[runs / 2] / 1000.0
}

fun overhead(fx: Fixture) {
    val core = fx.core
    val prefix = fx.households().first().headName!!.take(3).lowercase()
    val query = HouseholdQuery(text = prefix)
    report("home()", 2000, medianMicros(2000) { core.home() })
    report("search_households(name prefix)", 2000, medianMicros(2000) { core.searchHouseholds(query, 20u) })
    val session = core.startVisit(fx.households()[3].householdId)
    session.giveConsent("consent")
    val photo = fx.cameraFile(0)
    val capture = PhotoCapture(photo.path, keepOriginal = true)
    report("attach_photo(1600x1200 JPEG)", 30, medianMicros(30, 3) {
        session.attachPhoto("floor_photo", capture)
    })
    session.discard()
}

private fun report(call: String, runs: Int, micros: Double) {
    println("overhead kotlin %-32s median %10.1f µs (%d calls)".format(call, micros, runs))
}
