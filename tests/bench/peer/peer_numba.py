#!/usr/bin/env python3
"""peer_numba.py: the Numba peer of calfsim (issue 17), the strongest thing a
researcher would write instead of calfsim for the peer rules.

The model and rules of peer_numpy.py (tests/bench/peer/peer_rules.lua, the
calf model cut to what those rules need), written as a scalar loop over each
patient's days and compiled with Numba's @njit (nopython mode, fastmath off,
no parallel: one core). Everything outside the daily loop is peer_numpy.py's,
imported, not copied: reading calfsim's sources, the patient files, the
intake calibration (calibrate, solve_k_c), the rules' set-up, the arrays the
loop reads (prepare), x^b as calfsim raises it (powb, which Numba compiles
as it stands), the --check output and the --bench report. Only the daily loop
is written again, once per patient instead of once per array.

With fastmath off, Numba compiles each operation as written (no reassociation,
no fused multiply-add) and calls the C library's exp, so every number is the
same double as calfsim's: peer_check.sh requires byte-identical text.

usage (the same as peer_numpy.py):
  peer_numba.py --check PATIENT.lua... [--days D]
        per patient: "# patient PATH", "cal NAME VALUE" lines, then
        day,run_km,pain_during,pain_morning rows (%.17g), as peer_trace prints
        (--libm-exp is accepted and changes nothing: the exp is the C library's)
  peer_numba.py --bench N DAYS [--patients P.lua...] [--repeat R]
        N patients (the given patients cycled; default distance_limited) for
        DAYS days; prints patient-days/s on one core, best of R (default 3).
        The figure excludes the JIT compilation: one small warm-up run
        compiles the loop first, and its time is printed apart. Like
        peer_numpy's, it includes prepare() (the arrays made from the
        calibrated patients); the compiled loop's own rate follows it.
"""

import os

# One core: Numba's threading layer is not used (no parallel=True), and no
# threaded BLAS either.
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numba  # noqa: E402
import numpy as np  # noqa: E402

import peer_numpy as peer  # noqa: E402


# x^b as calfsim raises it: peer_numpy.powb, compiled as it stands
powb = numba.njit(fastmath=False)(peer.powb)


def make_days(P):
    """The daily loop, compiled, with the registry's constants P frozen in as
    compile-time constants (as a researcher's module-level constants would
    be). Returns days_loop(days, m..., out_km, out_pd, out_pm, record) ->
    total km; m... are prepare()'s arrays."""
    b_dmg = P["B_DAMAGE"]
    d_eq, d_cap, d_s = P["D_EQ"], P["D_CAP"], P["D_S"]
    lambda_d, kappa_de, kappa_dc = P["LAMBDA_D"], P["KAPPA_DE"], P["KAPPA_DC"]
    phi_a, rho_n, gamma_n = P["PHI_A"], P["RHO_N"], P["GAMMA_N"]
    run_stim_max, k_z, k_np = P["RUN_STIM_MAX"], P["K_Z"], P["K_NP"]
    pain_stop, inj_days = P["PAIN_STOP"], int(round(P["INJ_DAYS"]))
    inv_deq = 1.0 / d_eq
    stop_at_pain = peer.STOP_AT_PAIN

    @numba.njit(fastmath=False)
    def days_loop(days, n_km, f_easy, w_tc, kappa_i, kappa_d, l_hab, eta_run, k_c, c_floor, c_max, sigma_irr, e_i,
                  start, s_max, run_mask, N0, c0, z0, I0, fa0, alag0, inj_k, e_z, e_r, e_a, e_lag, one_e_cd,
                  grow_pow, regress_pow, thresholds, out_km, out_pd, out_pm, record):  # fmt: skip
        total = 0.0
        for j in range(n_km.shape[0]):
            # intake state
            N, C, Z, I, D, Fa, A_lag = N0[j], c0[j], z0[j], I0[j], d_eq, fa0[j], alag0[j]
            # injury events (sim.c): days of running still lost, running days
            # in a row stopped at the pain ceiling, the cumulative hazard
            lost_left, ceiling_runs, cum_h, n_events, thr = 0, 0, 0.0, 0, thresholds[1]
            # the rules' state
            c, a, b, stopped_week, km_plan = 1.0, 0, 0, False, 0.0
            for day in range(days):
                weekday = day % 7
                # the protocol decides (Mondays): grow, or regress after a
                # stopped run; cap
                if weekday == 0:
                    if day > 0:
                        if stopped_week:
                            b += 1
                        else:
                            a += 1
                        stopped_week = False
                    s = c * grow_pow[a] * regress_pow[b]
                    if s > s_max[j]:
                        c, a, b = s_max[j], 0, 0
                    s = c * grow_pow[a] * regress_pow[b]
                    km_plan = math.floor(start[j] * s * 10 + 0.5) / 10
                # this morning
                sigma = sigma_irr[j] * (1.0 + gamma_n * (1.0 - N))
                dmg = lambda_d * (D - d_eq) if D > d_eq else 0.0
                # the run: irritation rises at `rate` per km until the stop level
                running = run_mask[weekday, j] and lost_left == 0
                c_eff = C * (1.0 - phi_a * Fa / (Fa + 1.0)) * (1.0 - rho_n * (1.0 - N))
                if D > d_eq:
                    c_eff = c_eff * math.exp(-kappa_de * (D - d_eq))
                q_km = n_km[j] * powb(f_easy[j] * (1.0 / c_eff), b_dmg) * w_tc[j]
                rate = kappa_i[j] * Z * q_km
                stop_i = math.sqrt(stop_at_pain / (2.0 * sigma)) - dmg
                km = 0.0
                stopped_now = False
                if running and km_plan > 0:
                    if I >= stop_i:
                        stopped_now = True
                    elif I + rate * km_plan > stop_i:
                        km = (stop_i - I) / rate
                        stopped_now = True
                        I = I + rate * km
                    else:
                        km = km_plan
                        I = I + rate * km
                stopped_week = stopped_week or stopped_now
                load = n_km[j] * km * f_easy[j]
                dose = q_km * km
                pain_end = min(2.0 * sigma * (I + dmg) * (I + dmg), 10.0)
                pain_day = pain_end if running else 0.0
                if record:
                    out_km[day, j] = km
                    out_pd[day, j] = pain_day
                total += km
                # overnight
                l_rel = load / l_hab[j]
                A_run = eta_run[j] * (l_rel if l_rel < run_stim_max else run_stim_max)
                pm = (pain_end - 5) / 5 if pain_end > 5 else 0.0
                I = I * e_i[j]
                Z = 1.0 + (Z - 1.0) * e_z + k_z * pm
                D = min((D + kappa_d[j] * dose) * e_r, d_cap)
                Fa = Fa * e_a + l_rel
                g_c = min(k_c[j] * A_lag, 1.0)
                A_lag = A_lag * e_lag + A_run
                C = C + g_c * (c_max[j] - C) - (C - c_floor[j]) * one_e_cd
                if D > d_s:
                    C = C * math.exp(-kappa_dc * (D - d_s))
                # no neural work: only pain above 5 moves N
                N = min(max(N - k_np * pm, 0.5), 1.0)
                # injury events: the third running day in a row stopped at the
                # pain ceiling, or a draw under the damage hazard (sim.c)
                lost_left = max(lost_left - 1, 0)
                if stopped_now and pain_day >= pain_stop - 1e-9:
                    ceiling_runs += 1
                elif km > 0:
                    ceiling_runs = 0
                drawn = False
                if km > 0 and ceiling_runs < 3:
                    x = D * inv_deq
                    cum_h = cum_h + inj_k[j] * km * (x * x * x)
                    if cum_h >= thr:
                        drawn = True
                        cum_h = 0.0
                        n_events += 1
                        thr = thresholds[n_events + 1]
                if ceiling_runs >= 3 or drawn:
                    lost_left = inj_days
                    ceiling_runs = 0
                if record:  # the next morning's pain, as the trace reports it
                    sigma = sigma_irr[j] * (1.0 + gamma_n * (1.0 - N))
                    dmg = lambda_d * (D - d_eq) if D > d_eq else 0.0
                    out_pm[day, j] = min(2.0 * sigma * (I + dmg) * (I + dmg), 10.0)
        return total

    return days_loop


ARRAYS = ("n_km", "f_easy", "w_tc", "kappa_i", "kappa_d", "l_hab", "eta_run", "k_c", "c_floor", "c_max", "sigma_irr",
          "e_i", "start", "s_max", "run_mask", "N0", "c0", "z0", "I0", "fa0", "alag0", "inj_k", "e_z", "e_r", "e_a",
          "e_lag", "one_e_cd", "grow_pow", "regress_pow", "thresholds")  # fmt: skip

_compiled = {}
loop_seconds = []  # the compiled loop's time in each simulate() call


def simulate(P, pats, days, grow, regress, record=False):
    """peer_numpy.simulate's contract: the (km, pain during, next-morning pain)
    arrays (days x patients) when record, else the total km."""
    key = tuple(sorted(P.items()))
    if key not in _compiled:
        _compiled[key] = make_days(P)
    m = peer.prepare(P, pats, days, grow, regress)
    shape = (days, len(pats)) if record else (0, 0)
    out = [np.zeros(shape) for _ in range(3)]
    # C order for every array (run_mask is a transposed view): one compiled
    # signature whatever the number of patients (a 7 x 1 mask would else type
    # as C order and a 7 x n one as Fortran order, compiling twice)
    args = (np.ascontiguousarray(m[k]) if isinstance(m[k], np.ndarray) else m[k] for k in ARRAYS)
    t0 = time.perf_counter()
    total = _compiled[key](days, *args, *out, record)
    loop_seconds.append(time.perf_counter() - t0)
    return tuple(out) if record else total


def warm_up(P, pats, grow, regress):
    """Compile the loop (both the recording and the timed variants share one
    signature) on one patient for one week; returns the seconds it took."""
    t0 = time.perf_counter()
    simulate(P, pats[:1], 7, grow, regress)
    return time.perf_counter() - t0


def main():
    args = peer.parse_args(__doc__, "accepted for peer_numpy.py's command line; changes nothing")
    if args.check:
        peer.check(args.check, args.days, lambda *a: simulate(*a, record=True))
        return
    P, pats, rp = peer.setup(args.patients)
    jit = warm_up(P, pats, rp["grow"], rp["regress"])
    peer.bench(args.bench[0], args.bench[1], args.patients, args.repeat, simulate,
               "peer_numba: Numba %s (NumPy %s, fastmath off)" % (numba.__version__, np.__version__),
               ["JIT compilation before timing: %.2f s (not in the figure)" % jit])  # fmt: skip
    n, days = args.bench
    print("  the compiled loop alone (without prepare()'s arrays): %.2f M patient-days/s"
          % (n * days / min(loop_seconds[1:]) / 1e6))  # fmt: skip
    compiled = sum(len(f.signatures) for f in _compiled.values())
    if compiled != 1:
        sys.exit("peer_numba: the loop was compiled %d times, so a timed run included compiling" % compiled)


if __name__ == "__main__":
    main()
