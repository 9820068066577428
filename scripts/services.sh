#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis the integration tests use, when they
# are not already answering on 127.0.0.1. Safe to run repeatedly.
set -u

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! pg_up; then
  echo "services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! redis_up; then
  echo "services: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
fi

pg_up && echo "services: PostgreSQL ready" || { echo "services: PostgreSQL is not reachable on 127.0.0.1:5432"; exit 1; }
redis_up && echo "services: Redis ready" || { echo "services: Redis is not reachable on 127.0.0.1:6379"; exit 1; }
