-- wrk: the same chat completion every time, asking for a cached answer (cf-aig-cache-ttl).
wrk.method = "POST"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello, cached."}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
wrk.headers["cf-aig-cache-ttl"] = "3600"
