#!/usr/bin/env bash
# Starts the local database servers and broker the tests talk to, when they are installed but not running.
# On a machine with a Docker engine the tests start their own with Testcontainers instead.
set -u

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  local name=$1 port=$2
  for _ in $(seq 1 60); do
    listening "$port" && { echo "$name is up on 127.0.0.1:$port"; return 0; }
    sleep 0.5
  done
  echo "$name did not come up on 127.0.0.1:$port" >&2
  return 1
}

if ! listening 5432 && command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start && wait_for PostgreSQL 5432
fi
if ! listening 3306 && [ -x /usr/sbin/mariadbd ]; then
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd && wait_for MariaDB 3306
fi
if ! listening 6379; then
  if ! command -v redis-server >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq redis-server) >/dev/null 2>&1 || true
  fi
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null && wait_for Redis 6379
  fi
fi
if ! listening 5672; then
  if ! command -v rabbitmq-server >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq rabbitmq-server) >/dev/null 2>&1 || true
  fi
  if command -v rabbitmq-server >/dev/null 2>&1; then
    # RabbitMQ takes several seconds to open its port; guest/guest is allowed from loopback by default
    rabbitmq-server -detached >/dev/null 2>&1; wait_for RabbitMQ 5672
  fi
fi
# headless Chromium and its WebDriver, for the viewer's browser test (ViewerBrowserTest fails without them)
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 || true
  fi
  command -v chromedriver >/dev/null 2>&1 && echo "Chromium installed" || echo "Chromium could not be installed" >&2
fi
exit 0
