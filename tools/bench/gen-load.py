#!/usr/bin/env python3
"""Load for the correlate benchmark: N MTAs x 3 connections, one Telegraf sample per connection per minute and
one 9277 "RPC inactive" cancel per MTA every three minutes (healthy traffic, no incident), for H hours,
in event-time order, as NDJSON. Deterministic (fixed seed).

Usage: gen-load.py MTAS HOURS > load.ndjson   (records = MTAS * HOURS * 60 * (3 + 1/3))
"""
import json, random, sys
from datetime import datetime, timedelta, timezone
rnd = random.Random(7)
mtas = int(sys.argv[1]); hours = int(sys.argv[2])
start = datetime(1999, 3, 1, tzinfo=timezone.utc)
out = []
for h in range(mtas):
    host = "EXCH%02d" % h
    totals = {r: 1000.0 for r in ("R1", "R2", "R3")}
    for m in range(hours * 60):
        t = start + timedelta(minutes=m)
        for r in totals:
            sent = rnd.randint(1, 5); totals[r] += sent
            out.append((t, json.dumps({"fields": {"Queue_Length": rnd.randint(0, 3), "Associations": 1, "Outbound_Messages_Total": totals[r]},
                "name": "win_perf_counters", "tags": {"host": host, "instance": host + r, "objectname": "MSExchangeMTA Connections"},
                "timestamp": int(t.timestamp())})))
        if m % 3 == 0:
            te = t + timedelta(seconds=17)
            out.append((te, json.dumps({"@timestamp": te.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "message": "The MTA has issued an RPC Cancel call for thread 1, Locality Table Index: 160, Time (ms): 120000, Cancel result: 0 [SLPS100 RPC inactive BASE IL] (14)",
                "winlog": {"provider_name": "MSExchangeMTA", "event_id": "9277", "computer_name": host, "channel": "Application", "task": "Interface"}})))
out.sort(key=lambda x: x[0])
for _, l in out: print(l)
