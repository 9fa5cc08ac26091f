# syntax=docker/dockerfile:1
# docplanner-gateway image: docker build -t docplanner-gateway:1.0.0 .
# Run: docker run -p 8080:8080 -p 8081:8081 -e GATEWAY_REDIS_URL=redis://redis:6379 docplanner-gateway:1.0.0

# ---- build: the fat jar --------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies and plugins first, in a layer of their own (and a BuildKit cache): it is rebuilt only
# when pom.xml changes, not on every source change.
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline -Dmaven.test.skip=true
COPY conf/ conf/
COPY src/main/ src/main/
# The tests need a redis-server and run in CI (mvn -B verify), not in the image build.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -Dmaven.test.skip=true \
 && cp target/docplanner-gateway.jar /build/docplanner-gateway.jar

# ---- runtime: a JRE, the jar and conf/ only --------------------------------------------------
FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK (kept explicit rather than relying on what the base image happens to ship).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 gateway \
 && useradd --system --uid 10001 --gid gateway --home-dir /app --no-create-home --shell /usr/sbin/nologin gateway
WORKDIR /app
COPY --from=build --chown=root:root /build/docplanner-gateway.jar /app/docplanner-gateway.jar
# The documented defaults (also bundled in the jar); Main reads conf/gateway.yaml from the working dir.
COPY --chown=root:root conf/ /app/conf/
# Production never starts a Redis of its own: it must be told where Redis is (GATEWAY_REDIS_URL).
ENV GATEWAY_REDIS_EMBEDDED=never
USER 10001:10001
EXPOSE 8080 8081
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${GATEWAY_FEED_PORT:-8081}/health/live" || exit 1
# Container-aware JVM: the heap is 75 % of the container's memory limit (set one: without it that is
# 75 % of the node's; -e JAVA_TOOL_OPTIONS=-Xmx768m gives an explicit size), an OutOfMemoryError ends the
# process (the orchestrator restarts it) instead of leaving a half-working one; Vert.x caches files
# under /tmp, which stays writable when the root filesystem is read-only.
ENTRYPOINT ["java", \
  "-XX:MaxRAMPercentage=75.0", \
  "-XX:InitialRAMPercentage=50.0", \
  "-XX:+ExitOnOutOfMemoryError", \
  "-XX:+UseG1GC", \
  "-Djava.io.tmpdir=/tmp", \
  "-Dvertx.cacheDirBase=/tmp/vertx-cache", \
  "-jar", "/app/docplanner-gateway.jar"]
