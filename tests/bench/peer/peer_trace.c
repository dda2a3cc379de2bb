/*
 * peer_trace.c: calfsim's side of the NumPy peer check
 * (tests/bench/peer/peer_check.sh). Runs a Lua protocol for one patient
 * through calf_sim_run with a trace and prints, to the last bit (%.17g), the
 * patient's calibrated constants the peer derives itself, then each day's run
 * km, pain during and morning pain (the trace's doubles, which trace.csv
 * rounds to 6 digits).
 *
 * usage: peer_trace PROTOCOL.lua PATIENT.lua [days]
 * output: lines "cal NAME VALUE", then the header "day,run_km,pain_during,
 *         pain_morning" and one CSV row a day.
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>

#include "patient_load.h"
#include "protocol.h"
#include "util.h"

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 3 || argc > 4) {
        fputs("usage: peer_trace PROTOCOL.lua PATIENT.lua [days]\n", stderr);
        return 2;
    }
    long days = 182;
    if (argc > 3 && calf_parse_long(argv[3], 1, 3640, &days) != 0)
        return 2;
    calf_error err = {0};
    calf_params par;
    calf_params_default(&par);
    calf_patient pt;
    calf_model m;
    if (calf_patient_load(argv[2], &pt, &err) || calf_model_init(&m, &par, &pt, &err)) {
        fprintf(stderr, "peer_trace: %s\n", err.msg);
        return 1;
    }
    calf_protocol_opts po = {0};
    po.lib_dir = CALF_SOURCE_DIR "/protocols/lib";
    calf_protocol *p = NULL;
    if (calf_protocol_open(&p, argv[1], &po, &err)) {
        fprintf(stderr, "peer_trace: %s\n", err.msg);
        return 1;
    }
    calf_planner pl;
    calf_sim_opts opt = {(int)days, 0, 0, 0};
    calf_trace tr = {0};
    calf_summary sum;
    if (calf_protocol_planner(p, &m, &pl, &err) || calf_sim_run(&m, &pl, &opt, &tr, &sum, &err)) {
        fprintf(stderr, "peer_trace: %s\n", err.msg);
        calf_trace_free(&tr);
        calf_protocol_close(p);
        return 1;
    }
    const struct {
        const char *name;
        double v;
    } cal[] = {{"f_easy", m.f_easy},   {"c_h", m.c_h},
               {"c0", m.c0},           {"z0", m.z0},
               {"kappa_i", m.kappa_i}, {"kappa_d", m.kappa_d},
               {"l_hab", m.l_hab},     {"k_c", m.k_c},
               {"eta_run", m.eta_run}, {"sigma_irr", m.sigma_irr},
               {"w_tc", m.w_tc},       {"mu_hab", m.mu_hab},
               {"fa0", m.fa0},         {"alag0", m.alag0}};
    for (size_t i = 0; i < sizeof(cal) / sizeof(cal[0]); i++)
        printf("cal %s %.17g\n", cal[i].name, cal[i].v);
    printf("day,run_km,pain_during,pain_morning\n");
    for (int d = 0; d < tr.n; d++) {
        const calf_trace_row *r = &tr.rows[d];
        printf("%d,%.17g,%.17g,%.17g\n", r->day, r->run_km, r->pain_during_max, r->pain_morning);
    }
    calf_trace_free(&tr);
    calf_protocol_close(p);
    return 0;
}
