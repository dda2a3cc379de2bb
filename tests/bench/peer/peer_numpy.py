#!/usr/bin/env python3
"""peer_numpy.py: the NumPy peer of calfsim (issue 5, "the peer to beat").

The core calf model of MODEL.md as calfsim implements it (engine/core/model.c,
sim.c), cut down to what the peer rules need, vectorised over patients: one
Python loop over days, array operations over patients. The rules are those of
tests/bench/peer/peer_rules.lua:

  * n = clamp(floor(runs_per_week + 0.5), 1, 7) easy runs a week on the days
    rules.run_days[n], each ended when pain during reaches 3; rest otherwise;
  * planned km = rules.km(start * s), start = rules.start_km(ctx),
    s = c * (1 + grow)^a * regress^b;
  * each Monday from week 2: b + 1 after a week with a run stopped by the pain
    rule, else a + 1; when s would exceed s_max = cap / (n * start) (cap: the
    goal's weekly km), c = s_max and a = b = 0.

What the model needs here: one running segment at the easy speed (its peak
force and cycles per km fixed by the intake gait, as the strength qualities
T, E and K stay at intake), the closed-form stop within the run, rest days,
the overnight update of I, Z, D, Fa, the lagged stimulus, C and N, the
injury events and the days they cost (sim.c), and the observations the rules
and the check read (run km, pain during, morning pain).
Strength S is left out: nothing in these rules trains or reads it.

Initial state: this file implements the intake calibration itself
(docs/model.md section 6, calf_model_init, model v2): the habitual week's
periodic steady state with its acute fatigue (week_steady), the intake week,
the closed forms, and the capacity gain k_C
solved on the Beyer programme by the same Brent iteration and stopping test
calfsim uses (GSL's brent with gsl_root_test_interval(0, 1e-13)), so the
calibrated constants are the same doubles (peer_check.sh compares them).

Numbers come from calfsim's sources, not retyped: the model constants from the
registry engine/core/params_table.h, patient defaults and field names from
engine/core/patient.c, rules.run_days and the Beyer table (rules.hsr_table,
which the calibration programme follows) from protocols/lib/rules.lua, grow
and regress from peer_rules.lua's params.

usage:
  peer_numpy.py --check PATIENT.lua... [--days D] [--libm-exp]
        per patient: "# patient PATH", "cal NAME VALUE" lines, then
        day,run_km,pain_during,pain_morning rows (%.17g), as peer_trace prints;
        --libm-exp: exp through math.exp (glibc's, as calfsim), which makes
        every number the same double as calfsim's; without it np.exp, whose
        SIMD code may differ from glibc's in the last bit
  peer_numpy.py --bench N DAYS [--patients P.lua...] [--repeat R]
        N patients (the given patients cycled; default distance_limited, the
        bench_lua default) for DAYS days; prints patient-days/s on one core,
        best of R (default 3)
"""

import os

# One core: no threaded BLAS or OpenMP (the element-wise loop uses none, but
# the measurement must not depend on it).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
PEER_RULES = os.path.join(HERE, "peer_rules.lua")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# ---------------------------------------------------------------- calfsim's sources


def registry():
    """The model constants by registry id (CALF_PARAM(ID, "name", default, ...))."""
    text = read(os.path.join(ROOT, "engine", "core", "params_table.h"))
    par = {}
    for m in re.finditer(r'^CALF_PARAM\(\s*(\w+)\s*,\s*"[^"]*"\s*,\s*([-+0-9.eE]+)\s*,', text, re.M):
        par[m.group(1)] = float(m.group(2))
    if len(par) < 90:
        sys.exit("peer_numpy: could not read the registry params_table.h")
    return par


def patient_fields():
    """Patient-file paths to calf_patient members, and the members' defaults."""
    text = read(os.path.join(ROOT, "engine", "core", "patient.c"))
    path_of = {}
    for m in re.finditer(r'(?:NUM|ENUM)\(\s*"([\w.]+)"\s*,\s*(\w+)\s*,', text):
        path_of[m.group(2)] = m.group(1)
    body = re.search(r"void calf_patient_defaults\(.*?\{(.*?)\n\}", text, re.S).group(1)
    defaults = {}
    for m in re.finditer(r"p->(\w+)\s*=\s*([^;]+);", body):
        member, v = m.group(1), m.group(2).strip()
        if member not in path_of:
            continue
        if v == "NAN":
            value = None
        elif v.startswith("CALF_"):  # an enum: CALF_IRR_LOW -> "low"
            value = v.rsplit("_", 1)[1].lower()
        else:
            value = float(v)
        defaults[path_of[member]] = value
    return defaults


def rules_tables():
    """rules.run_days (weekday indices from Monday = 0) and rules.hsr_table."""
    text = read(os.path.join(ROOT, "protocols", "lib", "rules.lua"))
    run_days = {}
    for m in re.finditer(r"\[(\d)\]\s*=\s*\{([^}]*)\}", text):
        run_days[int(m.group(1))] = [DAY_NAMES.index(d) for d in re.findall(r'"(\w+)"', m.group(2))]
    hsr = [
        (int(a), int(b), int(c))
        for a, b, c in re.findall(r"\{\s*last\s*=\s*(\d+),\s*sets\s*=\s*(\d+),\s*rm\s*=\s*(\d+)\s*\}", text)
    ]
    return run_days, hsr


def peer_params():
    """grow and regress: the defaults peer_rules.lua declares."""
    text = read(PEER_RULES)
    return {k: float(re.search(k + r"\s*=\s*\{\s*([-0-9.eE]+)", text).group(1)) for k in ("grow", "regress")}


# ---------------------------------------------------------------- patient files


def lua_table(text):
    """The table a patient file returns (a Lua data file: tables, strings,
    numbers, booleans, nil, comments)."""
    toks = re.findall(r'--[^\n]*|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|[-+]?\d+\.?\d*(?:[eE][-+]?\d+)?|\w+|[{}=,;]', text)
    toks = [t for t in toks if not t.startswith("--")]
    pos = 0

    def value():
        nonlocal pos
        t = toks[pos]
        pos += 1
        if t == "{":
            out, i = {}, 1
            while toks[pos] != "}":
                if pos + 1 < len(toks) and toks[pos + 1] == "=" and re.match(r"[A-Za-z_]\w*$", toks[pos]):
                    key = toks[pos]
                    pos += 2
                else:
                    key, i = i, i + 1
                out[key] = value()
                if toks[pos] in (",", ";"):
                    pos += 1
            pos += 1
            return out
        if t[0] in "\"'":
            return t[1:-1]
        if t in ("true", "false"):
            return t == "true"
        if t == "nil":
            return None
        return float(t)

    if toks[pos] == "return":
        pos += 1
    return value()


def load_patient(path, defaults):
    """The patient's fields by path, the file's values over calfsim's defaults."""
    tree = lua_table(read(path))
    pt = dict(defaults)
    for key in defaults:
        node = tree
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            pt[key] = node
    return pt


# ---------------------------------------------------------------- the model


def powb(x, b):
    """x^b as calfsim raises it: by multiplication when b is an integer from 1
    to 16 (x^7 as x4 * x2 * x), else pow. Works on floats and arrays, and
    compiles with Numba as it stands (peer_numba.py); x > 0 here."""
    if b == 7:
        x2 = x * x
        x4 = x2 * x2
        return x4 * x2 * x
    if b == math.floor(b) and 1 <= b <= 16:
        r, base, e = 1.0, x, int(b)
        while e:
            if e & 1:
                r = r * base
            base = base * base
            e >>= 1
        return r
    return x**b  # np.power on arrays, C pow on floats


def brent(f, lo, hi, epsrel, max_iter):
    """Brent's root finder, the iteration and interval test of GSL's
    gsl_root_fsolver_brent with gsl_root_test_interval(a, b, 0, epsrel)."""
    eps = sys.float_info.epsilon
    a, fa, b, fb = lo, f(lo), hi, f(hi)
    c, fc, d, e = hi, fb, hi - lo, hi - lo
    if (fa < 0 and fb < 0) or (fa > 0 and fb > 0):
        raise ValueError("brent: the interval does not bracket a root")
    for _ in range(max_iter):
        ac_equal = False
        if (fb < 0 and fc < 0) or (fb > 0 and fc > 0):
            ac_equal = True
            c, fc, d, e = a, fa, b - a, b - a
        if abs(fc) < abs(fb):
            ac_equal = True
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol = 0.5 * eps * abs(b)
        m = 0.5 * (c - b)
        if fb == 0:
            return b
        if abs(m) <= tol:
            return b
        if abs(e) < tol or abs(fa) <= abs(fb):
            d = e = m  # bisection
        else:
            s = fb / fa
            if ac_equal:
                p = 2 * m * s
                q = 1 - s
            else:
                q = fa / fc
                r = fb / fc
                p = s * (2 * m * q * (q - r) - (b - a) * (r - 1))
                q = (q - 1) * (r - 1) * (s - 1)
            if p > 0:
                q = -q
            else:
                p = -p
            if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)):
                e, d = d, p / q
            else:
                d = e = m
        a, fa = b, fb
        b += d if abs(d) > tol else (tol if m > 0 else -tol)
        fb = f(b)
        if (fb < 0 and fc < 0) or (fb > 0 and fc > 0):
            c = a
        lower, upper = (b, c) if b < c else (c, b)
        same_sign = (lower > 0 and upper > 0) or (lower < 0 and upper < 0)
        if abs(upper - lower) < epsrel * (min(abs(lower), abs(upper)) if same_sign else 0):
            return b
    return b  # GSL's loop ends after max_iter iterations with the latest estimate


def solve_k_c(P, hsr):
    """k_C: 12 weeks of heavy slow resistance (seated calf raise, Mon/Wed/Fri,
    the Beyer table) take capacity from C_floor to calib_c_gain x C_floor
    (C_h = 1), with the collagen-synthesis lag (calibrate.c)."""
    weeks = hsr[-1][0]
    days = 7 * weeks
    e_lag = math.exp(-1.0 / P["TAU_LAG"])
    e_cd = math.exp(-1.0 / P["TAU_CD"])
    c_floor, c_max = P["C_FLOOR_R"], P["C_MAX_R"]

    def h(x, th):
        r = (x - th) / (1.0 - th)
        if r <= 0:
            return 0.0
        r = min(r, 1.0)
        return r if P["P_STIM"] == 1.0 else math.pow(r, P["P_STIM"])

    a_c = [0.0] * days
    for week in range(1, weeks + 1):
        sets, rm = next((s, r) for last, s, r in hsr if week <= last)
        pct = 0.5 * (30.0 / (30.0 + rm) + (37.0 - rm) / 36.0)
        x = pct * P["KAPPA_EX"]
        dose = sets * rm * P["TR_DEFAULT"] * h(x, P["X_TH_C"])
        a = P["A_MAX"] * (1.0 - math.exp(-dose / P["A_SAT"])) if dose > 0 else 0.0
        for wd in (0, 2, 4):
            a_c[(week - 1) * 7 + wd] = a
    a_lag, lag = [], 0.0
    for day in range(days):
        a_lag.append(lag)
        lag = lag * e_lag + a_c[day]
    target = P["CAL_C_GAIN"] * P["C_FLOOR_R"]

    def residual(gain):
        C = c_floor
        for day in range(days):
            C = C + gain * a_lag[day] * (c_max - C) - (C - c_floor) * (1.0 - e_cd)
        return C - target

    return brent(residual, 1e-7, 1.0, 1e-13, 200)


def pattern_runs(d, n):
    """Runs on weekday d of a week of n evenly spaced runs (model.c pattern_runs)."""
    return sum(1 for k in range(n) if math.floor((k + 0.5) * 7.0 / n) == d)


def periodic_start(u, e):
    """model_init.c periodic_start: the start of the periodic steady state of
    x <- x e + u_d (u of period 7)."""
    s = 0.0
    e7 = 1.0
    for d in range(7):
        s = s * e + u[d]
        e7 *= e
    return s / (1.0 - e7)


def week_steady(P, n, l_run, km_run):
    """model_init.c week_steady: the periodic steady state of a week of n evenly
    spaced runs of km_run km (load l_run x L_hab):
    (dose_f, onset_u, stim, fa0, alag0_unit)."""
    e_a, e_lag = math.exp(-1.0 / P["TAU_A"]), math.exp(-1.0 / P["TAU_LAG"])
    e_i = math.exp(-1.0 / P["TAU_I_LOW"])
    cap, b = P["RUN_STIM_MAX"], P["B_DAMAGE"]
    runs = [pattern_runs(d, n) for d in range(7)]
    load = [r * l_run for r in runs]
    stim = [x if x < cap else cap for x in load]
    stim_sum = 0.0
    for d in range(7):
        stim_sum += stim[d] / 7.0
    fa0 = periodic_start(load, e_a)
    alag0 = periodic_start(stim, e_lag)
    fa = fa0
    dose_f = 0.0
    f = [0.0] * 7
    u = [0.0] * 7
    for d in range(7):
        f[d] = math.pow(1.0 - P["PHI_A"] * fa / (fa + 1.0), -b) if runs[d] else 0.0
        dose_f += runs[d] * f[d] / n
        u[d] = runs[d] * f[d] * km_run * e_i
        fa = fa * e_a + load[d]
    irr = periodic_start(u, e_i)
    onset_u = 0.0
    for d in range(7):
        if runs[d] and irr + f[d] * P["X_H"] > onset_u:
            onset_u = irr + f[d] * P["X_H"]
        irr = irr * e_i + u[d]
    return dose_f, onset_u, stim_sum, fa0, alag0


def calibrate(P, pt, k_c):
    """calf_model_init for one patient: the constants the daily loop needs."""
    irr = {"low": "LOW", "moderate": "MOD", "high": "HIGH"}[pt["symptoms.irritability"]]
    b = P["B_DAMAGE"]
    v_easy = pt["habitual.easy_kmh"] / 3.6
    cad = pt["gait.cadence_spm"]
    a_sr = P["A_SR"] if cad is None else cad - P["B_SR"] * v_easy
    w_tc = 1.0
    if pt["gait.contact_ms"] is not None:
        tc_ref = P["TC_REF_A"] - P["TC_REF_B"] * v_easy
        w_tc = math.pow(pt["gait.contact_ms"] / 1000.0 / tc_ref, P["THETA_TC"])
    # the easy run's peak force and cycles per km (intake gait, step rate 1)
    sr = (a_sr + P["B_SR"] * v_easy) * 1.0
    n_km = 1000.0 * sr / (60.0 * v_easy) / 2.0
    vo = pt["gait.vertical_oscillation_cm"]
    vo = P["VO_REF"] if vo is None else vo
    strike = {"rearfoot": "G_RFS", "midfoot": "G_MFS", "forefoot": "G_FFS"}[pt["gait.strike"]]
    f = (P["A_F"] + P["B_F"] * v_easy) * P[strike]
    if pt["gait.surface"] == "treadmill":
        f *= P["M_TREAD"]
    f *= (1.0 + P["OMEGA_OS"] * pt["gait.overstride"]) * (1.0 + P["OMEGA_VO"] * (vo - P["VO_REF"]) / P["VO_REF"])
    T, E, K = pt["toe_flexor"], pt["invertor_evertor"], pt["kinetic_chain"]
    toe_def = 1.0 - T / P["T_REF"]
    dyn = (
        (1.0 + P["OMEGA_EV"] * pt["gait.rearfoot_eversion"] / E)
        * (1.0 + P["CHI_CHAIN"] * (1.0 - K))
        * (1.0 + P["PSI_TOE"] * (toe_def if toe_def > 0 else 0))
    )
    f_easy = f * dyn
    c_h = P["C_MARGIN"] * f_easy
    c_floor = P["C_FLOOR_R"] * c_h
    c_max = P["C_MAX_R"] * c_h
    # the habitual week's steady state (its runs meet the capacity their
    # morning's acute fatigue leaves)
    n_runs = int(pt["habitual.runs_per_week"])
    mu_hab, onset_u, hab_stim, _, _ = week_steady(P, n_runs, 7.0 / n_runs, pt["habitual.km_per_week"] / n_runs)
    q_km_h = n_km * powb(f_easy / c_h, b) * w_tc
    i_on_h = math.sqrt(P["PAIN_ONSET"] / (2.0 * P["SIG_LOW"]))
    kappa_i = i_on_h / (q_km_h * onset_u)
    kpw = pt["habitual.km_per_week"]
    l_hab = kpw * n_km * f_easy / 7.0
    e_r = math.exp(-1.0 / P["TAU_R"])
    kappa_d = P["D_EQ"] * (1.0 - e_r) / (e_r * (kpw / 7.0 * q_km_h * mu_hab))
    e_cd = math.exp(-1.0 / P["TAU_CD"])
    e_lag = math.exp(-1.0 / P["TAU_LAG"])
    eta_run = (c_h - c_floor) * (1.0 - e_cd) * (1.0 - e_lag) / (k_c * (c_max - c_h) * hab_stim)
    sigma_irr = P["SIG_" + irr]
    N = pt["neural_mobility"]
    sigma0 = sigma_irr * (1.0 + P["GAMMA_N"] * (1.0 - N))
    i0 = math.sqrt(pt["symptoms.morning_pain"] / (2.0 * sigma0))
    i_on = math.sqrt(P["PAIN_ONSET"] / (2.0 * sigma0))
    d_on = pt["symptoms.onset_km"]
    if d_on is None and pt["symptoms.easy_free_km"] is not None:
        d_on = P["ONSET_FREE"] * pt["symptoms.easy_free_km"]
    # the intake week: the habitual runs, each the symptom-free distance at most
    run_km = kpw / n_runs
    if d_on is not None and d_on / P["ONSET_FREE"] < run_km:
        run_km = d_on / P["ONSET_FREE"]
    _, _, _, fa0, alag0_unit = week_steady(P, n_runs, run_km * 7.0 / kpw, run_km)
    fatigue_f = 1.0 - P["PHI_A"] * fa0 / (fa0 + 1.0)
    neural_f = 1.0 - P["RHO_N"] * (1.0 - N)
    c_eff0, z0 = c_h, 1.0
    if d_on is not None:
        R = (i_on - i0) * onset_u / (i_on_h * d_on)
        z0 = max(math.pow(R, P["ZETA"]), 1.0)
        c_eff0 = c_h * math.pow(z0 / R, 1.0 / b)
        c0 = c_eff0 / (neural_f * fatigue_f)
    else:
        c0 = c_eff0 / neural_f
    c0 = min(c0, c_max)
    return {
        "f_easy": f_easy, "c_h": c_h, "c0": c0, "z0": z0, "kappa_i": kappa_i,
        "kappa_d": kappa_d, "l_hab": l_hab, "k_c": k_c, "eta_run": eta_run,
        "sigma_irr": sigma_irr, "w_tc": w_tc,
        # the rest of what the daily loop reads
        "n_km": n_km, "c_floor": c_floor, "c_max": c_max, "N0": N,
        "fa0": fa0, "alag0": alag0_unit * eta_run, "easy_kmh": pt["habitual.easy_kmh"], "mu_hab": mu_hab,
        "I0": math.sqrt(pt["symptoms.morning_pain"] / (2.0 * sigma0)),
        "e_i": math.exp(-1.0 / P["TAU_I_" + irr]),
    }  # fmt: skip


CHECKED = ("f_easy", "c_h", "c0", "z0", "kappa_i", "kappa_d", "l_hab", "k_c", "eta_run", "sigma_irr", "w_tc",
           "mu_hab", "fa0", "alag0")  # fmt: skip


def rules_setup(pt, run_days):
    """The peer rules' per-patient constants (peer_rules.lua init)."""
    n = min(max(math.floor(pt["habitual.runs_per_week"] + 0.5), 1), 7)
    start = pt["symptoms.onset_km"]
    if start is None:
        start = pt["symptoms.easy_free_km"]
    if start is None:
        start = pt["habitual.km_per_week"] / pt["habitual.runs_per_week"]
    cap = pt["goal.km_per_week"]
    if cap is None:
        cap = pt["habitual.km_per_week"]
    mask = [wd in run_days[n] for wd in range(7)]
    return {"start": start, "s_max": cap / (n * start), "run_mask": mask}


# ---------------------------------------------------------------- the daily loop


M64 = (1 << 64) - 1


def splitmix64(x):
    """cohort.c calf_splitmix64 on Python ints (mod 2^64)."""
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def injury_draw(seed, k):
    """sim.c calf_injury_draw: the k-th uniform number of a run's injury stream."""
    x = splitmix64(splitmix64(seed ^ 0x696E6A7572790000) ^ k)
    return (x >> 11) * 2.0**-53


def injury_threshold(seed, k):
    """sim.c threshold_of: the cumulative hazard at which event k falls."""
    return -math.log1p(-injury_draw(seed, k))


def prepare(P, pats, days, grow, regress):
    """What the daily loop reads, set up once (both peers use it; the NumPy
    peer's timed figure includes it, the Numba peer's too): the per-patient
    constants and intake state as arrays over patients, and the shared
    constants. The weekly scale's powers (1 + grow)^k and regress^k are as
    Lua's ^ computes them (x * x for k = 2, else C pow); thresholds[k] is the
    cumulative hazard at which injury event k falls (all patients here run
    with seed 0, as peer_trace runs them: the same thresholds)."""
    col = lambda k: np.array([p[k] for p in pats], dtype=np.float64)  # noqa: E731
    m = {k: col(k) for k in ("n_km", "f_easy", "w_tc", "kappa_i", "kappa_d", "l_hab", "eta_run", "k_c", "c_floor",
                             "c_max", "sigma_irr", "e_i", "start", "s_max", "N0", "c0", "z0", "I0", "fa0", "alag0",
                             "easy_kmh")}  # fmt: skip
    m["run_mask"] = np.array([p["run_mask"] for p in pats], dtype=bool).T  # 7 x patients
    # sim.c hazard_of_model: the injury hazard per km at D = D_eq
    m["inj_k"] = P["INJ_RATE_ALL"] * P["INJ_SHARE"] * 1e-3 / m["easy_kmh"]
    m["e_z"], m["e_r"], m["e_a"] = (math.exp(-1.0 / P[k]) for k in ("TAU_Z", "TAU_R", "TAU_A"))
    m["e_lag"], m["one_e_cd"] = math.exp(-1.0 / P["TAU_LAG"]), 1.0 - math.exp(-1.0 / P["TAU_CD"])
    weeks = (days + 6) // 7
    lua_pow = lambda x, k: x * x if k == 2 else math.pow(x, k)  # noqa: E731
    m["grow_pow"] = np.array([lua_pow(1.0 + grow, k) for k in range(weeks + 1)])
    m["regress_pow"] = np.array([lua_pow(regress, k) for k in range(weeks + 1)])
    m["thresholds"] = np.array([injury_threshold(0, k) for k in range(days + 2)])  # [0] unused
    return m


STOP_AT_PAIN = 3.0  # peer_rules.lua: each run ends when pain during reaches 3


def simulate(P, pats, days, grow, regress, record=False, exp=np.exp):
    """Run the patients (a list of dicts: calibrate() and rules_setup() merged)
    for days days. Returns the per-day run km, pain during and next-morning
    pain (arrays days x patients; the trace's run_km, pain_during_max and
    pain_morning) when record, else a checksum (total km). exp: the
    element-wise exponential (np.exp; libm_exp for the C library's)."""
    m = prepare(P, pats, days, grow, regress)
    b_dmg = P["B_DAMAGE"]
    # per-patient constants
    n_km, f, w_tc = m["n_km"], m["f_easy"], m["w_tc"]
    kappa_i, kappa_d, l_hab, eta_run, k_c = m["kappa_i"], m["kappa_d"], m["l_hab"], m["eta_run"], m["k_c"]
    c_floor, c_max, sigma_irr, e_i = m["c_floor"], m["c_max"], m["sigma_irr"], m["e_i"]
    start, s_max, run_mask = m["start"], m["s_max"], m["run_mask"]
    # shared constants
    e_z, e_r, e_a, e_lag, one_e_cd = m["e_z"], m["e_r"], m["e_a"], m["e_lag"], m["one_e_cd"]
    grow_pow, regress_pow = m["grow_pow"], m["regress_pow"]
    stop_at_pain = STOP_AT_PAIN

    # intake state
    N = m["N0"]
    C, Z, I = m["c0"], m["z0"], m["I0"]
    D = np.full(len(pats), P["D_EQ"])
    Fa = m["fa0"]
    A_lag = m["alag0"]
    # injury events (sim.c): days of running still lost, running days in a row
    # stopped at the pain ceiling
    lost_left = np.zeros(len(pats), dtype=np.int64)
    ceiling_runs = np.zeros(len(pats), dtype=np.int64)
    # the cumulative hazard towards each event's threshold (sim.c)
    inj_k = m["inj_k"]
    inv_deq = 1.0 / P["D_EQ"]
    cum_h = np.zeros(len(pats))
    n_events = np.zeros(len(pats), dtype=np.int64)
    thr = np.full(len(pats), m["thresholds"][1])
    # the rules' state
    c = np.ones(len(pats))
    a = np.zeros(len(pats), dtype=np.int64)
    b = np.zeros(len(pats), dtype=np.int64)
    stopped_week = np.zeros(len(pats), dtype=bool)
    km_plan = np.zeros(len(pats))
    if record:
        out_km, out_pd, out_pm = (np.zeros((days, len(pats))) for _ in range(3))
    total_km = np.zeros(len(pats))

    for day in range(days):
        weekday = day % 7
        # the protocol decides (Mondays): grow, or regress after a stopped run; cap
        if weekday == 0:
            if day > 0:
                b += stopped_week
                a += ~stopped_week
                stopped_week[:] = False
            s = c * grow_pow[a] * regress_pow[b]
            over_cap = s > s_max
            c = np.where(over_cap, s_max, c)
            a[over_cap] = 0
            b[over_cap] = 0
            s = c * grow_pow[a] * regress_pow[b]
            km_plan = np.floor(start * s * 10 + 0.5) / 10
        # this morning (the rules read no pain; the stop rule works on irritation)
        sigma = sigma_irr * (1.0 + P["GAMMA_N"] * (1.0 - N))
        dmg = np.where(D > P["D_EQ"], P["LAMBDA_D"] * (D - P["D_EQ"]), 0.0)
        # the run: irritation rises at `rate` per km until the stop rule's level
        running = run_mask[weekday] & (lost_left == 0)
        c_eff = C * (1.0 - P["PHI_A"] * Fa / (Fa + 1.0)) * (1.0 - P["RHO_N"] * (1.0 - N))
        c_eff = np.where(D > P["D_EQ"], c_eff * exp(-P["KAPPA_DE"] * (D - P["D_EQ"])), c_eff)
        q_km = n_km * powb(f * (1.0 / c_eff), b_dmg) * w_tc
        rate = kappa_i * Z * q_km
        stop_i = np.sqrt(stop_at_pain / (2.0 * sigma)) - dmg
        seg = running & (km_plan > 0)
        at_stop = I >= stop_i
        reaches = I + rate * km_plan > stop_i
        km = np.where(at_stop, 0.0, np.where(reaches, (stop_i - I) / rate, km_plan))
        km = np.where(seg, km, 0.0)
        stopped_now = seg & (at_stop | reaches)
        stopped_week |= stopped_now
        I = np.where(seg & ~at_stop, I + rate * km, I)
        load = n_km * km * f
        dose = q_km * km
        pain_end = np.minimum(2.0 * sigma * (I + dmg) * (I + dmg), 10.0)
        if record:
            out_km[day] = km
            out_pd[day] = np.where(running, pain_end, 0.0)
        total_km += km
        # overnight
        l_rel = load / l_hab
        A_run = eta_run * np.where(l_rel < P["RUN_STIM_MAX"], l_rel, P["RUN_STIM_MAX"])
        pm = np.where(pain_end > 5, (pain_end - 5) / 5, 0.0)
        I = I * e_i
        Z = 1.0 + (Z - 1.0) * e_z + P["K_Z"] * pm
        D = np.minimum((D + kappa_d * dose) * e_r, P["D_CAP"])
        Fa = Fa * e_a + l_rel
        g_c = np.minimum(k_c * A_lag, 1.0)
        A_lag = A_lag * e_lag + A_run
        C = C + g_c * (c_max - C) - (C - c_floor) * one_e_cd
        C = np.where(D > P["D_S"], C * exp(-P["KAPPA_DC"] * (D - P["D_S"])), C)
        # no neural work: only pain above 5 moves N
        N = np.clip(N - P["K_NP"] * pm, 0.5, 1.0)
        # injury events: the third running day in a row stopped at the pain
        # ceiling, or a draw under the damage hazard (sim.c events_after)
        lost_left = np.maximum(lost_left - 1, 0)
        pain_day = np.where(running, pain_end, 0.0)
        at_ceiling = stopped_now & (pain_day >= P["PAIN_STOP"] - 1e-9)
        ceiling_runs = np.where(at_ceiling, ceiling_runs + 1, np.where(km > 0, 0, ceiling_runs))
        x = D * inv_deq
        # (a ceiling event that day comes first: the hazard is not summed)
        cum_h = np.where((km > 0) & (ceiling_runs < 3), cum_h + inj_k * km * (x * x * x), cum_h)
        drawn = (ceiling_runs < 3) & (km > 0) & (cum_h >= thr)
        for j in np.nonzero(drawn)[0]:
            cum_h[j] = 0.0
            n_events[j] += 1
            thr[j] = m["thresholds"][n_events[j] + 1]
        injured = (ceiling_runs >= 3) | drawn
        lost_left = np.where(injured, int(round(P["INJ_DAYS"])), lost_left)
        ceiling_runs = np.where(injured, 0, ceiling_runs)
        if record:  # the next morning's pain, as the trace reports it for this day
            sigma = sigma_irr * (1.0 + P["GAMMA_N"] * (1.0 - N))
            dmg = np.where(D > P["D_EQ"], P["LAMBDA_D"] * (D - P["D_EQ"]), 0.0)
            out_pm[day] = np.minimum(2.0 * sigma * (I + dmg) * (I + dmg), 10.0)
    if record:
        return out_km, out_pd, out_pm
    return float(total_km.sum())


# ---------------------------------------------------------------- modes


def setup(paths):
    P = registry()
    defaults = patient_fields()
    run_days, hsr = rules_tables()
    rp = peer_params()
    k_c = solve_k_c(P, hsr)
    pats = []
    for path in paths:
        pt = load_patient(path, defaults)
        p = calibrate(P, pt, k_c)
        p.update(rules_setup(pt, run_days))
        pats.append(p)
    return P, pats, rp


def libm_exp(x):
    """exp element by element through math.exp (the C library's exp, as
    calfsim calls it); np.exp may use its own SIMD code, which can differ in
    the last bit."""
    return np.array([math.exp(v) for v in x.tolist()])


def check(paths, days, run):
    """--check: run(P, pats, days, grow, regress) gives the (km, pain during,
    next-morning pain) arrays, days x patients; print them as peer_trace does."""
    P, pats, rp = setup(paths)
    km, pd, pm = run(P, pats, days, rp["grow"], rp["regress"])
    out = sys.stdout
    for j, path in enumerate(paths):
        out.write("# patient %s\n" % path)
        for k in CHECKED:
            out.write("cal %s %.17g\n" % (k, pats[j][k]))
        out.write("day,run_km,pain_during,pain_morning\n")
        for d in range(days):
            out.write("%d,%.17g,%.17g,%.17g\n" % (d + 1, km[d, j], pd[d, j], pm[d, j]))


def bench(n, days, paths, repeat, run, title, notes=()):
    """--bench: the best of repeat timed calls of run(P, pats, days, grow,
    regress) (which returns the total km) on n patients; title and notes head
    the report."""
    P, uniq, rp = setup(paths)
    pats = [uniq[i % len(uniq)] for i in range(n)]
    best, sink = 0.0, 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        sink = run(P, pats, days, rp["grow"], rp["regress"])
        dt = time.perf_counter() - t0
        best = max(best, n * days / dt)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    names = ", ".join(os.path.basename(p) for p in paths)
    print("%s, %d patients (%s) x %d days, best of %d" % (title, n, names, days, repeat))
    for line in notes:
        print("  " + line)
    print("  patient-days/s (one core): %.2f M" % (best / 1e6))
    print("  ns per patient-day: %.1f" % (1e9 / best))
    print("  peak RSS: %.0f MiB" % rss)
    print("  (checksum %.3f)" % (sink / n))


def parse_args(doc, libm_exp_help):
    """The command line both peers share (see the module docstring)."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--check", nargs="+", metavar="PATIENT.lua")
    ap.add_argument("--days", type=int, default=182)
    ap.add_argument("--bench", nargs=2, type=int, metavar=("N", "DAYS"))
    ap.add_argument("--patients", nargs="+", metavar="PATIENT.lua")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--libm-exp", action="store_true", help=libm_exp_help)
    args = ap.parse_args()
    if not args.check and not args.bench:
        ap.error("give --check or --bench")
    args.patients = args.patients or [os.path.join(ROOT, "scripts", "patients", "distance_limited.lua")]
    return args


def main():
    args = parse_args(__doc__, "--check with the C library's exp")
    exp = libm_exp if args.libm_exp else np.exp
    if args.check:
        check(args.check, args.days, lambda *a: simulate(*a, record=True, exp=exp))
    else:
        bench(args.bench[0], args.bench[1], args.patients, args.repeat, simulate, "peer_numpy: NumPy " + np.__version__)


if __name__ == "__main__":
    main()
