-- wrk calls done() once at the end of a run. Printing its summary as one JSON line lets the
-- workbook read exact figures (microseconds, bytes) instead of parsing wrk's rounded report.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WORKBOOK_WRK {"requests":%.0f,"duration_us":%.0f,"bytes":%.0f,' ..
    '"errors":{"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f},' ..
    '"latency_us":{"p50":%.0f,"p99":%.0f}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
