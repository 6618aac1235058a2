"""What crossing into Python costs: the median time of typical calls and of photo ingest made
through the generated module (ctypes), the calls the Kotlin suite and
`cargo run --release -p pandu-ffi --example overhead` time too (scripts/bench-bindings runs all
three on the release library; BENCHMARKS.md has the figures). Prints one line per call."""

import time

import pandu_ffi as pandu

from helpers import households


def median_micros(runs, call, warmup=None):
    """The median of `runs` timings of `call`, in microseconds, after `warmup` untimed calls."""
    for _ in range(runs // 10 if warmup is None else warmup):
        call()
    times = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        call()
        times.append(time.perf_counter_ns() - start)
    return sorted(times)[runs // 2] / 1000


def test_overhead_of_typical_calls_and_photo_ingest(device, camera, capsys):
    family = households(device)[0]
    query = pandu.HouseholdQuery(text=family.head_name[:3].lower())
    figures = [
        ("home()", 2000, median_micros(2000, device.home)),
        (
            "search_households(name prefix)",
            2000,
            median_micros(2000, lambda: device.search_households(query, 20)),
        ),
    ]
    session = device.start_visit(households(device)[3].household_id)
    session.give_consent("consent")
    capture = pandu.PhotoCapture(path=str(camera(0)), keep_original=True)

    def attach():
        session.attach_photo("floor_photo", capture)

    figures.append(("attach_photo(1600x1200 JPEG)", 30, median_micros(30, attach, warmup=3)))
    session.discard()

    with capsys.disabled():
        print()
        for call, runs, micros in figures:
            print(f"overhead python {call:<32} median {micros:10.1f} µs ({runs} calls)")
    assert all(micros > 0 for _, _, micros in figures)
