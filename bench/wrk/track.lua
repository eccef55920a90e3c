-- wrk script: POST /v1/marketing/track-event with one random event of the campaigns listed one per line in the file
-- $CAMPAIGN_IDS; each event has a unique event_id (thread, time, counter, random), as the benchmark's events do.
local counter = 0
local segs = {"new","returning","vip","churned","trial","lapsed"}
local chans = {"email","social","search","display","direct"}
local devs = {"desktop","mobile","tablet"}
local types = {"impression","impression","impression","impression","impression","view","view","view","click","conversion"}
local cids = {}
for line in io.lines(os.getenv("CAMPAIGN_IDS")) do cids[#cids+1] = line end
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
init = function(args) counter = 0; math.randomseed(os.time() * 100 + (tid or 0)) end
request = function()
  counter = counter + 1
  local body = string.format('{"campaign_id":"%s","event_type":"%s","event_id":"w%d-%d-%d-%d","audience_segment":"%s","channel":"%s","device_type":"%s","session_id":"s%d"}',
    cids[math.random(#cids)], types[math.random(#types)], tid or 0, os.time(), counter, math.random(1000000000), segs[math.random(#segs)], chans[math.random(#chans)], devs[math.random(#devs)], math.random(100000))
  return wrk.format("POST", "/v1/marketing/track-event", {["Content-Type"]="application/json"}, body)
end
