// A tiny test runner (no JUnit: the suite needs nothing but the Kotlin standard library and JNA):
// each named test runs in order, is reported as ok or FAIL, and the run ends with the line
// "N passed, N failed".
package id.pandu.core.test

/** One named test. */
class Test(val name: String, val body: () -> Unit)

/** Run every test, report each, print the closing line; returns the number of failures. */
fun runAll(tests: List<Test>): Int {
    var passed = 0
    var failed = 0
    for (test in tests) {
        val start = System.nanoTime()
        try {
            test.body()
            passed++
            println("ok    ${test.name} (${millisSince(start)} ms)")
        } catch (e: Throwable) {
            failed++
            println("FAIL  ${test.name} (${millisSince(start)} ms): $e")
            e.printStackTrace(System.out)
        }
    }
    println("$passed passed, $failed failed")
    return failed
}

private fun millisSince(start: Long) = (System.nanoTime() - start) / 1_000_000

/** Fail with `message` unless `condition` holds. */
fun expect(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

/** Fail unless `actual` equals `expected`. */
fun expectEquals(expected: Any?, actual: Any?, what: String) {
    expect(expected == actual) { "$what: expected $expected, got $actual" }
}

/** Run `block`, which must throw an `E`; returns it. */
inline fun <reified E : Throwable> expectThrows(what: String, block: () -> Unit): E {
    try {
        block()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("$what: expected ${E::class.simpleName}, got $e", e)
    }
    throw AssertionError("$what: expected ${E::class.simpleName}, nothing was thrown")
}
