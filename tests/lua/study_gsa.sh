#!/usr/bin/env bash
# calfsim.sobol and calfsim.prcc in study scripts: Ishigami's indices
# (S1 0.314, S2 0.442, S3 0, ST1 0.558, ST3 0.244) within 0.03 with N = 4096,
# each inside its interval; results keyed by input name; the same seed gives
# the same numbers and another seed others; a linear model's PRCC signs and
# its null input near 0; bad arguments refused with one line.
. "$CALF_SRC/tests/lib/e2e.sh"
cd "$T" || exit 1
cat >"$T/ish.lua" <<'LUA'
local pi = math.pi
local inputs = { { name = "x1", lo = -pi, hi = pi }, { name = "x2", lo = -pi, hi = pi },
                 { name = "x3", lo = -pi, hi = pi } }
local function f(x) return math.sin(x.x1) + 7 * math.sin(x.x2) ^ 2 + 0.1 * x.x3 ^ 4 * math.sin(x.x1) end
local r = calfsim.sobol{ inputs = inputs, n = 4096, seed = 1, boot = 300, f = f }
local want1 = { x1 = 0.3139, x2 = 0.4424, x3 = 0 }
local wantt = { x1 = 0.5576, x2 = 0.4424, x3 = 0.2437 }
for k, w in pairs(want1) do
  assert(math.abs(r.first[k] - w) < 0.03, k .. " first " .. r.first[k])
  assert(math.abs(r.total[k] - wantt[k]) < 0.03, k .. " total " .. r.total[k])
  assert(r.first_ci[k][1] <= r.first[k] and r.first[k] <= r.first_ci[k][2], k .. " first_ci")
  assert(r.total_ci[k][1] <= r.total[k] and r.total[k] <= r.total_ci[k][2], k .. " total_ci")
end
assert(r.n == 4096 and r.n_used == 4096 and r.evaluations == 4096 * 5 and r.sequence == "sobol")
local r2 = calfsim.sobol{ inputs = inputs, n = 4096, seed = 1, boot = 300, f = f }
assert(r2.first.x1 == r.first.x1 and r2.total_ci.x3[1] == r.total_ci.x3[1], "same seed, same numbers")
local r3 = calfsim.sobol{ inputs = inputs, n = 4096, seed = 2, boot = 0, f = f }
assert(r3.first.x1 ~= r.first.x1, "another seed, other numbers")
-- points f cannot evaluate (nil) drop their rows
local r4 = calfsim.sobol{ inputs = inputs, n = 512, seed = 1, boot = 0,
                          f = function(x) if x.x1 > 3 then return nil end return f(x) end }
assert(r4.n_used < 512 and r4.n_used > 400, "rows dropped: " .. r4.n_used)
local p = calfsim.prcc{ inputs = { { name = "a", lo = 0, hi = 1 }, { name = "b", lo = 0, hi = 1 },
                                   { name = "c", lo = 0, hi = 1 } }, n = 2000, seed = 3,
                        f = function(x) return 2 * x.a - 3 * x.c + 0.2 * math.sin(99 * x.a * x.c) end }
assert(p.prcc.a > 0.5 and p.prcc.c < -0.5 and math.abs(p.prcc.b) < 0.06, "prcc " .. p.prcc.a .. " " .. p.prcc.b .. " " .. p.prcc.c)
assert(p.ci.b[1] < 0 and p.ci.b[2] > 0 and p.n_used == 2000)
print("ok")
LUA
out=$("$CALFSIM" script "$T/ish.lua" --out "$T/o" 2>&1)
[ "$out" = ok ] && pass "sobol on Ishigami, determinism, prcc signs" || fail "ish.lua: $out"

bad() { # BODY PATTERN
    printf '%s\n' "$1" >"$T/bad.lua"
    expect_error 1 "$2" "$CALFSIM" script "$T/bad.lua" --out "$T/ob"
}
bad 'calfsim.sobol{ n = 10, f = function(x) return 1 end }' 'calfsim.sobol: inputs = .* is required'
bad 'calfsim.sobol{ inputs = {{ name = "x", lo = 1, hi = 0 }}, f = function(x) return 1 end }' 'inputs\[1\] \(x\): needs finite numbers lo < hi'
bad 'calfsim.sobol{ inputs = {{ name = "x", lo = 0, hi = 1 }}, f = function(x) return "y" end }' 'f returned a string'
bad 'calfsim.sobol{ inputs = {{ name = "x", lo = 0, hi = 1 }}, n = 1, f = function(x) return 1 end }' 'n = 1; allowed an integer 2 to'
bad 'calfsim.prcc{ inputs = {{ name = "x", lo = 0, hi = 1 }}, nn = 3, f = function(x) return 1 end }' 'nn'
bad 'calfsim.sobol{ inputs = {{ name = "x", lo = 0, hi = 1 }, { name = "x", lo = 0, hi = 1 }}, f = function(x) return 1 end }' 'given twice'
finish
