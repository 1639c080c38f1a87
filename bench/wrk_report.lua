-- Prints wrk's figures as one JSON line, with the 95th percentile its own summary leaves out.
done = function(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        'BENCH {"requests": %d, "requests_per_second": %.2f, "p50_ms": %.3f, '
            .. '"p95_ms": %.3f, "p99_ms": %.3f, "non_2xx": %d, "errors": %d}\n',
        summary.requests,
        summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000,
        latency:percentile(95) / 1000,
        latency:percentile(99) / 1000,
        errors.status,
        errors.connect + errors.read + errors.write + errors.timeout
    ))
end
