#!/usr/bin/env python3
"""Writes the archive fixtures of the Connect integration test (connectors/src/test/resources/archive/) from the
bundled demo scenario (deterministic): EXCH1's MSExchangeMTA 9316 events as Event Viewer saves them to XML (an
<Events> document, pretty-printed over many lines), its 9277 cancels and the service-control events as a Windows NT
4.0 Event Viewer CSV export (Date,Time,Source,Type,Category,Event,User,Computer,Description, no header), and its
performance counters as the Telegraf NDJSON they are (for the stock FileStreamSource)."""
import json
import os
from datetime import datetime
from xml.sax.saxutils import escape

ROOT = os.path.join(os.path.dirname(__file__), "..")
SCENARIO = os.path.join(ROOT, "streams-app/src/main/resources/scenarios/q181721-episode.ndjson")
OUT = os.path.join(ROOT, "connectors/src/test/resources/archive")

events, counters = [], []
with open(SCENARIO, encoding="utf-8") as f:
    for line in f:
        try:
            record = json.loads(line)
        except ValueError:
            continue  # the scenario's deliberately truncated line
        (events if "winlog" in record else counters).append((record, line))

xml = ['<?xml version="1.0" encoding="UTF-8"?>',
       '<Events xmlns="http://schemas.microsoft.com/win/2004/08/events/event">']
csv = []
for record, _ in events:
    w = record["winlog"]
    when = record["@timestamp"]
    level = record["log"]["level"].capitalize()
    if w["provider_name"] == "MSExchangeMTA" and w["event_id"] == "9316":
        data = "".join(f"\n      <Data>{escape(v)}</Data>" for _, v in sorted(w["event_data"].items()))
        xml.append(f"""  <Event>
    <System>
      <Provider Name="{w['provider_name']}"/>
      <EventID Qualifiers="32768">{w['event_id']}</EventID>
      <Level>3</Level>
      <TimeCreated SystemTime="{when[:19]}.000000000Z"/>
      <EventRecordID>{w['record_id']}</EventRecordID>
      <Channel>{w['channel']}</Channel>
      <Computer>{record['host']['name']}</Computer>
    </System>
    <EventData>{data}
    </EventData>
    <RenderingInfo Culture="en-US">
      <Message>{escape(record['message'])}</Message>
      <Level>{level}</Level>
      <Task>{w['task']}</Task>
    </RenderingInfo>
  </Event>""")
    else:
        t = datetime.strptime(when[:19], "%Y-%m-%dT%H:%M:%S")
        date = f"{t.month}/{t.day}/{t.strftime('%y')}"
        hour = t.hour % 12 or 12
        time = f"{hour}:{t.strftime('%M:%S')} {'AM' if t.hour < 12 else 'PM'}"
        csv.append(",".join([date, time, w["provider_name"], level, w["task"], w["event_id"], "N/A",
                             w["computer_name"], record["message"]]))
xml.append("</Events>")

with open(os.path.join(OUT, "exch1-mta-9316.xml"), "w", encoding="utf-8", newline="\r\n") as f:
    f.write("\n".join(xml) + "\n")
with open(os.path.join(OUT, "exch1-application.csv"), "w", encoding="utf-8", newline="\r\n") as f:
    f.write("\n".join(csv) + "\n")
with open(os.path.join(OUT, "exch1-counters.ndjson"), "w", encoding="utf-8") as f:
    f.write("".join(line for _, line in counters))
