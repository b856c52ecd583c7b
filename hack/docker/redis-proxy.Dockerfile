# The proxy image the operator runs in every Redis pod and in proxy-only tiers. From the
# repository root, after building the jar:
#   mvn -pl proxy -am package -DskipTests
#   docker build -f hack/docker/redis-proxy.Dockerfile -t ghcr.io/redis-proxy/redis-proxy:0.1.0 .
FROM eclipse-temurin:17-jre
COPY proxy/target/redis-proxy.jar /opt/redis-proxy/redis-proxy.jar
# Matches the runAsUser the operator gives the proxy container; its root filesystem is
# read-only, with /tmp an emptyDir.
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 6380 9121
# The operator adds: --config /etc/redis-proxy/proxy.yaml
ENTRYPOINT ["java", "-jar", "/opt/redis-proxy/redis-proxy.jar"]
