-- wrk: POST a small OpenAI chat completion request, as an SDK would.
wrk.method = "POST"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
local token = os.getenv("GATEWAY_TOKEN")
if token and token ~= "" then wrk.headers["cf-aig-authorization"] = "Bearer " .. token end
