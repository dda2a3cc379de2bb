/*
 * model.h: the calf-complex model of MODEL.md. calf_model holds one
 * patient's calibrated constants (intake calibration, precomputed decay
 * factors); calf_state the day-to-day latent state; calf_model_day applies
 * one day's sessions and the overnight update.
 */
#ifndef CALF_MODEL_H
#define CALF_MODEL_H

#include "error.h"
#include "params.h"
#include "patient.h"
#include "session.h"

typedef struct calf_model {
    calf_params par;
    calf_patient pt;
    /* calibrated per patient */
    double v_easy; /* m/s */
    double a_sr;   /* cadence intercept */
    double beta_v; /* speed sensitivity */
    double w_tc;   /* contact-time dose weight */
    double f_easy; /* peak force at easy speed, intake gait, rested */
    double c_h, c_floor, c_max, c0;
    double s0, s_max, t0, e0, k0;
    double z0, sigma_irr, tau_i;
    double kappa_i, kappa_d, eta_run, l_hab;
    /* the intake week (docs/model.md section 6): its km, the acute fatigue and
     * lagged capacity stimulus it holds on the first morning, and the mean
     * fatigue dose factor of the habitual week's runs */
    double intake_week_km, fa0, alag0, mu_hab;
    double onset_u; /* the habitual week's onset units (x_h at its worst run day; model.c) */
    double k_c, k_s, k_t, k_e, k_k; /* solved gains */
    double i_onset;                 /* irritation at which pain = pain_onset, for sigma of N=1 */
    double q_kmh;                   /* quality running from this speed on (quality_ratio x easy) */
    /* precomputed decay factors e(tau) = exp(-1/tau) */
    double e_i, e_z, e_r, e_a, e_lag, e_cd, e_sd, e1, e2, e_ctl, e_atl;
    double one_e_cd, one_e_sd; /* 1 - e_cd, 1 - e_sd */
    int b_int;                 /* damage exponent as an integer, or 0 when not integral */
    int tek_still;     /* T, E, K at intake that gain nothing stay as they are (model_day.c) */
    double dyn0;       /* the strength force factor at intake (T, E, K = t0, e0, k0) */
    unsigned long uid; /* set by calf_model_init; keys the engine's speed caches (re-init
                        * after changing par or pt) */
} calf_model;

/* The day-to-day latent state and the gait in force. The engine's speed
 * caches are not here (model_cache.h): a state is plain values, copied and
 * compared freely. */
typedef struct calf_state {
    double C, S, A_lag, I, Z, D, Fa, N, T, K, E, G, H;
    /* gait in force (changed by gait retraining sessions) */
    double step_rate, overstride;
    int strike;
    /* easy-speed load with the gait in force (for onset_easy_km; set with
     * the gait) */
    double easy_f_base, easy_n_km;
} calf_state;

/* What one session did (observations plus a few internals for the trace). */
typedef struct calf_session_result {
    int kind;
    double km_planned, km_done;
    int stopped, skipped, shortened;
    double pain_start, pain_max, pain_end;
    double onset_km; /* NAN when not reached */
    double load, dose, cycles, peak_force;
    int quality; /* a segment at >= quality_ratio x easy speed was run */
    double neural_irritation_min;
} calf_session_result;

typedef struct calf_day_result {
    int n;
    calf_session_result s[CALF_MAX_SESSIONS];
    double run_km, walk_km, load, dose, cycles, peak_force_bw;
    double pain_max;    /* highest pain of the day (morning pain on a day without load) */
    double pain_during; /* highest pain during a session, 0 without one */
    double onset_km;    /* first onset of the day, NAN if none */
    double longest_run_km;
    int quality_runs, runs_stopped;
    double A_S, A_C, A_run;
    /* state at the start of the day (after this morning's observation) */
    double capacity_eff, pain_morning;
    double pain_next_morning; /* pain after the overnight update (tomorrow morning) */
} calf_day_result;

/* Calibrate a patient (MODEL.md section 6). */
int calf_model_init(calf_model *m, const calf_params *par, const calf_patient *pt, calf_error *err);
/* Initial state at intake. */
void calf_model_initial_state(const calf_model *m, calf_state *st);
/* Effective capacity now (section 2). */
double calf_model_c_eff(const calf_model *m, const calf_state *st);
/* Pain now, 0-10. */
double calf_model_pain(const calf_model *m, const calf_state *st);
/* Heel-raise reps from strength. */
double calf_model_heel_raise_reps(const calf_model *m, const calf_state *st);
/* Distance at easy speed before pain reaches the onset level, from this state
 * (model estimate; the trace's onset_easy_km). Returns INFINITY if never. */
double calf_model_onset_easy_km(const calf_model *m, const calf_state *st);
/* Run one day: sessions in order, then the overnight update. */
int calf_model_day(const calf_model *m, calf_state *st, const calf_day_plan *plan,
                   calf_day_result *res, calf_error *err);
/* The same, with the session results written to sres[0 .. plan->n) instead of
 * res->s (the simulation loop passes its observation buffer; res->s is left
 * untouched). */
int calf_model_day_into(const calf_model *m, calf_state *st, const calf_day_plan *plan,
                        calf_day_result *res, calf_session_result *sres, calf_error *err);

/* calf_model_day_into for a run without a trace: the session results in
 * full, and of res only what calf_model_day_lean fills; the Banister G and H
 * (read only by the trace) are not updated. The state (G and H aside), the
 * session results and those fields are the same doubles as from
 * calf_model_day_into. */
int calf_model_day_obs(const calf_model *m, calf_state *st, const calf_day_plan *plan,
                       calf_day_result *res, calf_session_result *sres, calf_error *err);

/* The same state update with only res->n, run_km, load, pain_during,
 * longest_run_km, quality_runs, runs_stopped and pain_next_morning filled (the
 * simulation without a trace, for a planner that reads no observations); no
 * session results. The state and those fields are the same doubles as from
 * calf_model_day. */
int calf_model_day_lean(const calf_model *m, calf_state *st, const calf_day_plan *plan,
                        calf_day_result *res, calf_error *err);

/* Building blocks exposed for tests and explain. */
typedef struct calf_seg_load {
    double sr, n_km, f; /* cadence (spm), cycles per km, peak force (BW) */
} calf_seg_load;
/* Running segment at kmh with step-rate multiplier s and the given strike and
 * overstride, using the model's patient and strength state (K, T, E). */
calf_seg_load calf_model_run_load(const calf_model *m, const calf_state *st, double kmh, double s,
                                  int strike, double overstride);
/* The exercise a strength/isometric session names (built-in or custom). */
const struct calf_exercise *calf_session_exercise(const calf_session *s);
/* Stimulus per rep above a threshold (MODEL.md 1.2): clip((x - th)/(1 - th), 0, 1)^p. */
double calf_stimulus_h(double x, double th, double p);
/* x^b using the integer exponent when possible. */
double calf_model_powb(const calf_model *m, double x);

/* ---- plan days compiled for one model (the lean plan-replay kernel) ----
 * A plan day whose sessions are run/walk segments and loaded or isometric
 * registry exercises, without skip/shorten rules, compiled once per model:
 * segment loads with the intake gait, the exercise's intensity and reps, and
 * the day's saturating stimuli and strength gains from its summed doses.
 * calf_model_day_prog runs such a day, calf_model_prog_run a span of them.
 * Compiling and running call the same equations (model_kernel.h) in the same
 * order as calf_model_day_lean, so they give its doubles. */
typedef struct calf_prog_seg {
    double f_base, n_km, km;
    double f0, load0; /* with the intake strength factor (the force, 0 + cycles x force) */
    int walk, quality;
} calf_prog_seg;

/* How a compiled step runs. */
enum {
    CALF_PROG_RUN,  /* run or walk segments, any stop rule */
    CALF_PROG_RUN1, /* one running segment, no stop rule */
    CALF_PROG_CALF, /* a loaded or isometric calf exercise */
    CALF_PROG_MARK  /* a strength session of another quality: only its pain counts */
};

typedef struct calf_prog_step {
    int op;              /* CALF_PROG_* */
    int kind;            /* CALF_K_RUN, CALF_K_WALK, CALF_K_STRENGTH or CALF_K_ISOMETRIC */
    int nseg;            /* segments with km > 0 (the step skips the others) */
    double stop_at_pain; /* NAN = none */
    double x, reps;      /* intensity, sets x reps */
    calf_prog_seg seg[CALF_MAX_SEGMENTS];
} calf_prog_step;

typedef struct calf_prog_day {
    int n;        /* sessions of the plan day (res->n) */
    int nstep;    /* steps (rest sessions and isometric work on other qualities, which
                   * change nothing during the day, are left out) */
    int fallback; /* 1: not compiled; run the day's sessions with calf_model_day_lean */
    /* the day's strength gains unit_step(k A) for S, T, E, K and the capacity
     * stimulus A_C (the saturating stimuli of the day's summed doses) */
    double g_s, a_c, g_t, g_e, g_k;
    calf_prog_step s[CALF_MAX_SESSIONS];
} calf_prog_day;

/* Compile one day for model m from the initial state st0 (its gait). Returns
 * 1 when compiled, 0 when the day needs the general step (pd->fallback). */
int calf_model_prog_compile(const calf_model *m, const calf_state *st0, const calf_day_plan *plan,
                            calf_prog_day *pd);
/* Whether the plan day trains toe flexors, evertors or the kinetic chain (a
 * strength session of those qualities), or changes the gait. */
int calf_model_plan_trains_tek(const calf_day_plan *plan);
/* Before calf_model_day_prog with tek = 0. Nothing is left to prime (such
 * days read the intake strength force factor, the model's dyn0); kept so
 * that callers need not change. */
void calf_model_prog_begin(const calf_model *m, calf_state *st);
/* Run one compiled day; fills what calf_model_day_lean fills. tek = 0 is
 * allowed only when no day of the run trains T, E or K and they are at their
 * intake values (they then stay there and their overnight update is the
 * identity). The Banister G and H (read only by the trace) are not
 * updated. */
int calf_model_day_prog(const calf_model *m, calf_state *st, const calf_prog_day *pd, int tek,
                        calf_day_result *res, calf_error *err);

/* What the summary reads of one compiled day (calf_model_prog_run). */
typedef struct calf_prog_out {
    double run_km, load, pain_during, longest_run_km;
    double pain_next_morning, D; /* after the overnight update */
    int quality_runs, runs_stopped;
} calf_prog_out;

/* Run up to n consecutive compiled days, pd[0], pd[stride], ... (stride 0
 * repeats one day), as calf_model_day_prog would one by one, stopping before
 * a day that is not compiled (pd->fallback). out[d] gets day d's figures and
 * *done the days run (on an error, those before the failing day; the state is
 * then that after the failing day, as from calf_model_day_prog). */
int calf_model_prog_run(const calf_model *m, calf_state *st, const calf_prog_day *pd, int stride,
                        int n, int tek, calf_prog_out *out, int *done, calf_error *err);

#endif
