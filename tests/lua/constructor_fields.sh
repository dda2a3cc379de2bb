#!/usr/bin/env bash
# constructor_fields.sh: the session constructors read their argument table
# in one pass (keys matched by their interned string, values that are
# tables or sessions left on the stack) and check sessions by their
# metatable's mark. Every path keeps its exact message at the line of the
# call: unknown keys, keys of other types, long (non-interned) strings,
# nested tables, table- and session-valued fields given a wrong value,
# fields supplied through __index, and non-sessions where a session belongs.
. "$CALF_SRC/tests/lib/e2e.sh"
write() { # name body [week body]
    printf '%s\nreturn { name = "x", source = "y", summary = "z", week = function() %s end }\n' \
        "$2" "${3:-return {\}}" >"$T/$1.lua"
}
bad() { # name body expected-message (an ERE, after "NAME.lua:1: ")
    write "$1" "$2"
    expect_error 1 "$1.lua:1: $3" "$CALFSIM" run "$T/$1.lua" --patient "$P/distance_limited.lua" \
        --weeks 1 --out "$T/o$1"
}
allowed='km, kmh, pace, segments, intervals, step_rate, strike, stop_at_pain, skip_if_morning_pain, shorten_if_morning_pain, instead'
bad mean 'run{ kms = 5 }' "run: unknown field 'kms' \(did you mean km\?\)"
bad list 'run{ km = 5, zzzzzzzzzz = 1 }' "run: unknown field 'zzzzzzzzzz' \(allowed: $allowed\)"
bad long 'run{ km = 5, [("a"):rep(60)] = 1 }' "run: unknown field 'a{60}' \(allowed: $allowed\)"
bad boolkey 'run{ km = 2, [true] = 1 }' 'run: unexpected boolean key; fields are named \(km = \.\.\.\)'
bad numkey 'strength{ "seated_calf_raise", [1.5] = 2 }' 'strength: unexpected number key; fields are named \(exercise = \.\.\.\)'
bad range 'run{ km = -1, kmh = 10 }' 'run: km = -1: allowed 0 to 100'
bad nan 'run{ km = 0/0, kmh = 10 }' 'run: km = nan: must be a finite number'
bad type 'run{ km = {}, kmh = 10 }' 'run: km: expected a number, got a table value'
bad pace 'run{ km = 5, pace = "5:70" }' 'run: pace = "5:70": write minutes:seconds per km, e\.g\. "5:30"'
bad instfn 'run{ km = 2, kmh = 10, skip_if_morning_pain = 4, instead = print }' \
    'run: instead: expected a session \(e\.g\. instead = cross\{minutes = 30\}\), got a function value'
bad inststr 'run{ km = 2, kmh = 10, skip_if_morning_pain = 4, instead = "x" }' \
    'run: instead: expected a session \(e\.g\. instead = cross\{minutes = 30\}\), got a string value'
bad instonly 'run{ km = 2, kmh = 10, instead = rest() }' 'run: instead is used only with skip_if_morning_pain'
bad shorten 'run{ km = 2, kmh = 10, shorten_if_morning_pain = 3 }' \
    'run: shorten_if_morning_pain: expected \{pain, factor\}, e\.g\. \{2, 0\.5\}'
bad shorten1 'run{ km = 2, kmh = 10, shorten_if_morning_pain = {2} }' \
    'run: shorten_if_morning_pain: expected \{pain, factor\}, e\.g\. \{2, 0\.5\}'
bad segs 'run{ segments = 5 }' 'run: segments: expected a list of \{km=, kmh=\|pace=, walk=\}'
bad segkey 'run{ segments = {{km = 1, kmx = 10}} }' "run: segments\[1\]: unknown field 'kmx' \(did you mean km\?\)"
bad intkey 'run{ km = 2, kmh = 10, intervals = { reps = 3, km = 0.4, kmh = 14, reccovery_km = 0.2 } }' \
    "run: intervals: unknown field 'reccovery_km' \(did you mean recovery_km\?\)"
bad metakey 'run(setmetatable({ kmz = 1 }, { __index = { km = 3 } }))' "run: unknown field 'kmz' \(did you mean km\?\)"
# valid sessions, described through their read-only fields
bad kept 'local s = run{ km = 2, kmh = 10, skip_if_morning_pain = 4, instead = cross{ minutes = 30 }, shorten_if_morning_pain = { 2, 0.5 } } error(("ok %s %s %g"):format(tostring(s), s.kind, s.max_kmh))' \
    'ok run\{2\.00 km, 1 segments\} run 10'
bad meta 'local s = run(setmetatable({}, { __index = { km = 3, pace = 6, skip_if_morning_pain = 3, instead = rest(), shorten_if_morning_pain = { 1, 0.5 } } })) error(("ok %s %g"):format(tostring(s), s.max_kmh))' \
    'ok run\{3\.00 km, 1 segments\} 10'
# a plan entry that is not a session: a thread, and one inside a list
write thread '' 'return { mon = coroutine.create(print) }'
expect_error 1 'week: mon is a thread value; expected a session' "$CALFSIM" run "$T/thread.lua" \
    --patient "$P/distance_limited.lua" --weeks 1 --out "$T/othread"
write listfn '' 'return { mon = { rest(), print } }'
expect_error 1 'week: mon\[2\] is a function value; expected a session' "$CALFSIM" run "$T/listfn.lua" \
    --patient "$P/distance_limited.lua" --weeks 1 --out "$T/olistfn"
finish
