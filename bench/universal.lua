-- wrk: a universal request (POST /v1/{account}/{gateway}) whose first step is OpenAI's chat completion;
-- with FALLBACK=1 a first step to an unreachable provider comes before it.
local step = '{"provider":"openai","endpoint":"chat/completions","headers":{"Authorization":"Bearer sk-bench"},'
  .. '"query":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}}'
local dead = '{"provider":"custom-dead","endpoint":"chat/completions","query":{"model":"m","messages":[]}}'
wrk.method = "POST"
wrk.body = os.getenv("FALLBACK") == "1" and ("[" .. dead .. "," .. step .. "]") or ("[" .. step .. "]")
wrk.headers["Content-Type"] = "application/json"
