#!/usr/bin/env python3
"""SimPy peer of bench/speed_of_light.cpp: the same M/M/c+M (Erlang A) single pool.

Poisson arrivals (--lam per second), exponential handle time (mean --aht s), exponential
patience (mean --patience s), --agents agents behind one FIFO queue; a waiting caller hangs up
when the patience runs out. Simulated over [0, --horizon) seconds from an empty system. The
counting conventions and the output lines are those of ccsim-bench-sol (see its header).

Written as SimPy users write it: a process per caller that waits for either an agent
(Resource request) or its patience timeout, whichever comes first.

Needs SimPy 3 (Debian package python3-simpy3, which installs for the system's python3).
"""
import argparse
import math
import random
import sys
import time

import simpy


class Stats:
    def __init__(self, batches, horizon):
        self.arrivals = self.served = self.abandoned = self.completed = 0
        self.wait = self.wait_served = self.busy = 0.0
        self.batches = batches
        self.horizon = horizon
        self.callers = [0] * batches
        self.gave_up = [0] * batches
        self.waited = [0.0] * batches

    def batch(self, t):
        return min(int(t * self.batches / self.horizon), self.batches - 1)

    def record(self, arrival, wait, abandoned):
        k = self.batch(arrival)
        self.callers[k] += 1
        self.waited[k] += wait
        self.wait += wait
        if abandoned:
            self.abandoned += 1
            self.gave_up[k] += 1
        else:
            self.served += 1
            self.wait_served += wait


def caller(env, agents, rng, args, stats):
    arrival = env.now
    with agents.request() as agent:
        patience = rng.expovariate(1.0 / args.patience)
        got = yield agent | env.timeout(patience)
        if agent not in got:
            stats.record(arrival, patience, abandoned=True)
            return
        stats.record(arrival, env.now - arrival, abandoned=False)
        handle = rng.expovariate(1.0 / args.aht)
        stats.busy += min(env.now + handle, args.horizon) - env.now
        yield env.timeout(handle)
        stats.completed += 1


def arrivals(env, agents, rng, args, stats):
    while True:
        yield env.timeout(rng.expovariate(args.lam))
        stats.arrivals += 1
        env.process(caller(env, agents, rng, args, stats))


def batch_se(values):
    k = len(values)
    if k < 2:
        return float("nan")
    mean = sum(values) / k
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (k - 1) / k)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lam", type=float, default=3.5e6 / (30 * 86400))
    p.add_argument("--aht", type=float, default=120.0)
    p.add_argument("--patience", type=float, default=180.0)
    p.add_argument("--agents", type=int, default=180)
    p.add_argument("--horizon", type=float, default=86400.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--batches", type=int, default=20)
    args = p.parse_args()

    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=args.agents)
    rng = random.Random(args.seed)
    stats = Stats(args.batches, args.horizon)
    env.process(arrivals(env, agents, rng, args, stats))
    start = time.perf_counter()
    env.run(until=args.horizon)
    wall = time.perf_counter() - start

    s = stats
    done = s.served + s.abandoned
    events = s.arrivals + s.completed + s.abandoned
    nonempty = [k for k in range(s.batches) if s.callers[k]]
    print("engine=simpy-%s python=%s" % (simpy.__version__, sys.version.split()[0]))
    print("params lam=%.6f aht=%g patience=%g agents=%d horizon=%g seed=%d"
          % (args.lam, args.aht, args.patience, args.agents, args.horizon, args.seed))
    print("arrivals=%d served=%d abandoned=%d completed=%d waiting_at_end=%d"
          % (s.arrivals, s.served, s.abandoned, s.completed, s.arrivals - done))
    print("p_abandon=%.6f se=%.6f mean_wait=%.4f se=%.4f mean_wait_served=%.4f occupancy=%.5f"
          % (s.abandoned / done,
             batch_se([s.gave_up[k] / s.callers[k] for k in nonempty]),
             s.wait / done,
             batch_se([s.waited[k] / s.callers[k] for k in nonempty]),
             s.wait_served / max(s.served, 1),
             s.busy / (args.agents * args.horizon)))
    print("events=%d wall_s=%.4f events_per_s=%.0f" % (events, wall, events / wall))


if __name__ == "__main__":
    main()
