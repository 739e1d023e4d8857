-- wrk script: POST a small ensemble (2,000 runs of the factual arm and of no-raid, paired).
-- Used by the load test in docs/performance.md; loopback only.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"runs": 2000, "seed": 1126, "compare": ["no-raid"]}'
