#!/usr/bin/env bash
# A real single-node Apache Kafka 4.x broker (KRaft) for development and CI,
# fetched from Maven Central and run on this machine's Java.
#   kafka-local.sh fetch | start | stop | status | restart | reset
# Env: KAFKA_PORT (default 19092), KAFKA_CONTROLLER_PORT (19093), KAFKA_HOME_DIR, KAFKA_HEAP (512m).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="${KAFKA_HOME_DIR:-$here/.kafka}"
port="${KAFKA_PORT:-19092}"
controller_port="${KAFKA_CONTROLLER_PORT:-19093}"
libs="$home/libs"
data="$home/data"
logs="$home/logs"
pidfile="$home/broker.pid"
props="$home/server.properties"

log() { echo "[kafka-local] $*" >&2; }

fetch() {
  if [ -f "$libs/.complete" ]; then return; fi
  command -v mvn >/dev/null || { log "mvn not found (install Maven)"; exit 1; }
  log "resolving Kafka jars from Maven Central into $libs"
  mkdir -p "$libs"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs"
  touch "$libs/.complete"
}

write_props() {
  mkdir -p "$data" "$logs"
  cat > "$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${data}
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.backoff.ms=1000
delete.topic.enable=true
PROPS
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start() {
  fetch
  if running; then log "already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; return; fi
  write_props
  local cp="$libs/*"
  if [ ! -f "$data/meta.properties" ]; then
    local cluster_id
    cluster_id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid)"
    java -cp "$cp" -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$logs" \
      kafka.tools.StorageTool format -t "$cluster_id" -c "$props" >/dev/null
  fi
  log "starting broker on 127.0.0.1:$port"
  nohup java -Xms256m -Xmx"${KAFKA_HEAP:-512m}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$logs" \
    -cp "$cp" kafka.Kafka "$props" > "$logs/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  local deadline=$((SECONDS + 90))
  until grep -q "Kafka Server started" "$logs/server.log" 2>/dev/null && port_open; do
    if ! running; then log "broker exited during start:"; tail -n 30 "$logs/stdout.log" "$logs/server.log" >&2 || true; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then log "broker not ready after 90 s"; tail -n 30 "$logs/server.log" >&2 || true; exit 1; fi
    sleep 0.5
  done
  log "ready: KAFKA_BROKERS=127.0.0.1:$port"
}

stop() {
  if ! running; then log "not running"; rm -f "$pidfile"; return; fi
  local pid; pid="$(cat "$pidfile")"
  log "stopping broker (pid $pid)"
  kill -TERM "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then log "forcing stop"; kill -KILL "$pid" || true; break; fi
    sleep 0.5
  done
  rm -f "$pidfile"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) if running; then echo "running pid $(cat "$pidfile") 127.0.0.1:$port"; else echo "stopped"; exit 1; fi ;;
  reset) stop; rm -rf "$data" "$logs" ;;
  *) echo "usage: $0 fetch|start|stop|restart|status|reset" >&2; exit 2 ;;
esac
