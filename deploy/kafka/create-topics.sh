#!/usr/bin/env bash
# Creates the correlator's topics on the Compose stack's broker. Run once by the `topics` service of
# docker-compose.yml (apache/kafka image, after the broker is healthy); safe to run again: existing topics are
# left as they are (--if-not-exists), so change an existing topic with kafka-configs.sh, not here.
#
# Every topic gets retention.ms=-1 (keep for ever). The correlator and `replay` stamp records with their
# *event* time, so a replay of last year's logs writes records whose timestamps are a year old: with the
# broker's default time-based retention (7 days) the log cleaner would delete those segments as soon as it
# looked at them, before or while the correlator reads them.
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP_SERVERS:-kafka:9092}"
PARTITIONS="${TOPIC_PARTITIONS:-1}"
REPLICATION="${TOPIC_REPLICATION_FACTOR:-1}"
TOPICS=(
  mta.raw.eventlog      # raw shipper records (Winlogbeat, NXLog, WEF XML, Event Viewer CSV)
  mta.raw.perfcounters  # raw counter samples (Telegraf, Metricbeat); any format may go to either raw topic
  mta.events            # normalised MtaEvent (Avro), key = MTA
  mta.counters          # normalised CounterSample (Avro), key = MTA
  mta.incidents         # Incident state changes (Avro), key = incident id
  mta.deadletter        # unreadable raw records and late signals, with reason and origin headers
)

for topic in "${TOPICS[@]}"; do
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$topic" --partitions "$PARTITIONS" --replication-factor "$REPLICATION" \
    --config retention.ms=-1
done

# Fail (and so keep the correlator from starting) unless every topic is there.
existing="$(/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --list)"
for topic in "${TOPICS[@]}"; do
  if ! grep -qx -- "$topic" <<<"$existing"; then
    echo "create-topics: topic $topic is missing after creation" >&2
    exit 1
  fi
done
echo "create-topics: ${TOPICS[*]} ready on $BOOTSTRAP (retention.ms=-1)"
