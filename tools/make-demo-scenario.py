#!/usr/bin/env python3
"""Writes the bundled demo scenario: one morning of EXCH1's MTA as Winlogbeat 8 and Telegraf ship it.

EXCH1 sends to EXCH2 and EXCH3. 08:00-08:29 all is well. From 08:30 the association to EXCH2 stays open
but carries nothing (KB Q181721): the queue grows by one to three messages a minute and the Application log
shows 9316 (NT error 1727) and 9277 RPC cancels during MtaBind. When the queue reaches the association
threshold (50) EXCH1 opens a second association and the queue drains. EXCH3 stays healthy throughout.
A few records of other event sources and perfmon objects, and one truncated line, are mixed in.

Deterministic (fixed seed): re-running it gives the same file.
Usage: tools/make-demo-scenario.py > streams-app/src/main/resources/scenarios/q181721-episode.ndjson
"""
import json
import random
from datetime import datetime, timedelta, timezone

rnd = random.Random(181721)
START = datetime(1999, 3, 1, 8, 0, tzinfo=timezone.utc)
MINUTES = 100
THRESHOLD = 50
records = []
record_id = [48200]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def winlogbeat(t, host, provider, event_id, message, task, level, params):
    record_id[0] += 1
    return {
        "@timestamp": iso(t),
        "agent": {"type": "winlogbeat", "version": "8.15.0", "name": host},
        "ecs": {"version": "8.0.0"},
        "event": {"code": str(event_id), "kind": "event", "provider": provider, "created": iso(t + timedelta(seconds=2))},
        "host": {"name": host.lower() + ".corp.example"},
        "log": {"level": level},
        "message": message,
        "winlog": {
            "api": "eventlogging",
            "channel": "Application",
            "computer_name": host,
            "event_data": {"param%d" % (i + 1): p for i, p in enumerate(params)},
            "event_id": str(event_id),
            "keywords": ["Classic"],
            "provider_name": provider,
            "record_id": record_id[0],
            "task": task,
        },
    }


def telegraf(t, host, objectname, instance, fields):
    tags = {"host": host, "objectname": objectname}
    if instance is not None:
        tags["instance"] = instance
    return {"fields": fields, "name": "win_perf_counters", "tags": tags, "timestamp": int(t.timestamp())}


def add(t, rec):
    records.append((t, len(records), rec))


def e9316(t, ltab):
    msg = ("An RPC communications error occurred. No data was sent over the RPC connection. "
           "Locality table (LTAB) index: %d. Windows NT error: 1727. The MTA will attempt to recover the RPC "
           "connection. [BASE IL KERNEL 24 512] (12)" % ltab)
    return winlogbeat(t, "EXCH1", "MSExchangeMTA", 9316, msg, "Interface", "warning", [str(ltab), "1727"])


def e9277(t, ltab, elapsed):
    msg = ("The MTA has issued an RPC Cancel call for thread 1, Locality Table Index: %d, Time (ms): %d, "
           "Cancel result: 0 [SLPS100 MtaBind ncacn_ip_tcp:10.1.2.20[1911] BASE IL] (14)" % (ltab, elapsed))
    return winlogbeat(t, "EXCH1", "MSExchangeMTA", 9277, msg, "Interface", "warning", ["1", str(ltab), str(elapsed), "0"])


totals = {"EXCH2": 15230.0, "EXCH3": 9817.0}
queue = {"EXCH2": 1, "EXCH3": 2}
assoc = {"EXCH2": 1, "EXCH3": 1}
stuck_from, recovered = 30, None
for minute in range(MINUTES):
    t = START + timedelta(minutes=minute)
    for remote in ("EXCH2", "EXCH3"):
        sent = 0
        if remote == "EXCH2" and minute >= stuck_from and recovered is None:
            queue[remote] += rnd.randint(1, 3)
            if queue[remote] >= THRESHOLD:
                # The article's self-recovery: a new association at the threshold.
                recovered = minute
                assoc[remote] = 2
        elif remote == "EXCH2" and recovered is not None and minute > recovered:
            sent = min(queue[remote], rnd.randint(12, 20)) + rnd.randint(1, 4)
            queue[remote] = max(rnd.randint(0, 2), queue[remote] - sent)
            if queue[remote] <= 3:
                assoc[remote] = 1
        else:
            sent = rnd.randint(2, 6)
            queue[remote] = rnd.randint(0, 3)
        totals[remote] += sent
        add(t, telegraf(t, "EXCH1", "MSExchangeMTA Connections", remote, {
            "Queue_Length": queue[remote],
            "Associations": assoc[remote],
            "Current_Outbound_Associations": assoc[remote],
            "Failed_Outbound_Associations": 0,
            "Outbound_Messages_Total": totals[remote],
            "Send_Messages_persec": round(sent / 60.0, 3),
            "Oldest_Message_Queued": 0,
        }))
    add(t, telegraf(t, "EXCH1", "MSExchangeMTA", None, {
        "Work_Queue_Length": queue["EXCH2"] + queue["EXCH3"],
        "Adjacent_MTA_Associations": assoc["EXCH2"] + assoc["EXCH3"],
        "Messages_persec": 0.1,
        "Free_Elements": 980,
        "Threads_in_use": 24,
    }))
    # An unrelated perfmon object on the same host: read and ignored.
    if minute % 20 == 0:
        add(t, telegraf(t, "EXCH1", "Processor", "_Total", {"Percent_Processor_Time": 12.5}))
    # The article's symptoms while the association is stuck: a cancel about every two minutes, 9316 now and then.
    if stuck_from <= minute and (recovered is None or minute <= recovered):
        if minute % 2 == 1:
            add(t + timedelta(seconds=20), e9277(t + timedelta(seconds=20), 53, 120000 + rnd.randint(0, 9000)))
        if minute % 6 == 2:
            add(t + timedelta(seconds=35), e9316(t + timedelta(seconds=35), 53))

# A single RPC hiccup while everything is healthy: no incident for it.
add(START + timedelta(minutes=5, seconds=12), e9316(START + timedelta(minutes=5, seconds=12), 53))
# Other event sources on the same server: read and ignored.
for minute in (3, 41, 77):
    t = START + timedelta(minutes=minute, seconds=7)
    add(t, winlogbeat(t, "EXCH1", "Service Control Manager", 7036,
                      "The Microsoft Exchange Information Store service entered the running state.",
                      "None", "information", ["Microsoft Exchange Information Store", "running"]))
# One line cut short in transit: dead-lettered with its reason, never dropped.
bad_t = START + timedelta(minutes=50)
bad = json.dumps(e9277(bad_t, 53, 121000), separators=(",", ":"))
records.append((bad_t, len(records), bad[: len(bad) // 2]))

for _, _, rec in sorted(records, key=lambda r: (r[0], r[1])):
    print(rec if isinstance(rec, str) else json.dumps(rec, separators=(",", ":")))
