-- wrk: a chat conversation of about SIZE bytes (env, default 2048), in Anthropic's format (FORMAT=anthropic)
-- or OpenAI's with a provider prefix (FORMAT=compat, MODEL=anthropic/claude-sonnet-4-5), streamed when STREAM=1.
local size = tonumber(os.getenv("SIZE") or "2048")
local format = os.getenv("FORMAT") or "compat"
local model = os.getenv("MODEL") or "anthropic/claude-sonnet-4-5"
local stream = os.getenv("STREAM") == "1"
local sentence = "The quick brown fox jumps over the lazy dog while the gateway keeps count of every token. "
local turns = {}
local total = 0
local i = 0
while total < size do
  local role = (i % 2 == 0) and "user" or "assistant"
  local text = string.rep(sentence, 3)
  turns[#turns + 1] = string.format('{"role":"%s","content":"%s"}', role, text)
  total = total + #text + 32
  i = i + 1
end
if i % 2 == 0 then turns[#turns + 1] = '{"role":"user","content":"And now, say hello."}' end
local system = "You are a concise assistant."
local body
if format == "anthropic" then
  body = string.format('{"model":"claude-sonnet-4-5","max_tokens":4096,"system":"%s","messages":[%s]%s}',
    system, table.concat(turns, ","), stream and ',"stream":true' or "")
else
  body = string.format('{"model":"%s","messages":[{"role":"system","content":"%s"},%s]%s}',
    model, system, table.concat(turns, ","), stream and ',"stream":true' or "")
end
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
if format == "anthropic" then
  wrk.headers["x-api-key"] = "sk-ant-bench"
  wrk.headers["anthropic-version"] = "2023-06-01"
else
  wrk.headers["Authorization"] = "Bearer sk-bench"
end
