package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What the user asks for: Redis run by the operator, or external upstreams; and the proxy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.redis) != has(self.upstreams)",
    message = "set exactly one of redis (Redis run by the operator) or upstreams (external Redis)")
@ValidationRule(
    value = "!has(self.redis) || !has(self.proxy) || !has(self.proxy.replicas)",
    message =
        "proxy.replicas sizes the proxy-only tier of external upstreams; with redis every Redis"
            + " pod runs its own proxy")
@ValidationRule(
    value = "!has(self.redis) || !has(self.routes)",
    message = "routes choose among external upstream groups; a managed topology is one keyspace")
@ValidationRule(
    value = "has(self.redis) || (!has(self.mirrors) && !has(self.failover))",
    message =
        "spec.mirrors and spec.failover belong to spec.redis; with spec.upstreams set mirrors per"
            + " route and failover per group")
public class RedisProxySpec {
  @JsonPropertyDescription(
      "Redis servers the operator runs: StatefulSets of Redis pods, each with a proxy sidecar.")
  private ManagedRedisSpec redis;

  @JsonPropertyDescription(
      "Redis servers run elsewhere (for example a managed cloud service), as named groups of"
          + " shards. The operator runs a proxy-only tier in front of them.")
  private List<ExternalUpstreamSpec> upstreams;

  @JsonPropertyDescription("How a key picks its shard.")
  private HashingSpec hashing;

  @JsonPropertyDescription(
      "Which node of a shard serves reads: primary (default), preferPrimary, replica,"
          + " preferReplica or any. Writes always go to the primary.")
  private ReadPolicySetting readPolicy;

  @JsonPropertyDescription(
      "Key prefix routes to external upstream groups; the longest matching prefix wins and the"
          + " empty prefix is the catch-all.")
  private List<RouteSpec> routes;

  @JsonPropertyDescription(
      "Other regions' proxies, by name: targets for mirrors and failover standbys.")
  private List<RemoteSpec> remotes;

  @JsonPropertyDescription(
      "With spec.redis: copies of every write, sent to remotes. With spec.upstreams, mirrors are set per route.")
  private List<MirrorSpec> mirrors;

  @JsonPropertyDescription(
      "With spec.redis: a remote that takes the traffic while no primary is reachable. With spec.upstreams, failover is set per group.")
  private FailoverSpec failover;

  @JsonPropertyDescription(
      "How the proxies mirror: this region's name and the replay buffer's bounds.")
  private MirroringSpec mirroring;

  @JsonPropertyDescription("A password clients must give with AUTH before anything else.")
  private AuthSpec auth;

  @JsonPropertyDescription("TLS on the client port: clients connect with TLS.")
  private TlsSpec tls;

  @JsonPropertyDescription("The proxy: ports, resources, limits, timeouts.")
  private ProxySpec proxy;

  @JsonPropertyDescription("The client Service applications connect to.")
  private ClientServiceSpec service;

  @JsonPropertyDescription("Where pods run: zones and the node label that names a zone.")
  private PlacementSpec placement;

  @JsonPropertyDescription(
      "Who may reach the Redis pods the operator runs (a NetworkPolicy, on by default).")
  private NetworkPolicySpec networkPolicy;

  public ManagedRedisSpec getRedis() {
    return redis;
  }

  public void setRedis(ManagedRedisSpec redis) {
    this.redis = redis;
  }

  public List<ExternalUpstreamSpec> getUpstreams() {
    return upstreams;
  }

  public void setUpstreams(List<ExternalUpstreamSpec> upstreams) {
    this.upstreams = upstreams;
  }

  public HashingSpec getHashing() {
    return hashing;
  }

  public void setHashing(HashingSpec hashing) {
    this.hashing = hashing;
  }

  public ReadPolicySetting getReadPolicy() {
    return readPolicy;
  }

  public void setReadPolicy(ReadPolicySetting readPolicy) {
    this.readPolicy = readPolicy;
  }

  public List<RouteSpec> getRoutes() {
    return routes;
  }

  public void setRoutes(List<RouteSpec> routes) {
    this.routes = routes;
  }

  public ProxySpec getProxy() {
    return proxy;
  }

  public void setProxy(ProxySpec proxy) {
    this.proxy = proxy;
  }

  public ClientServiceSpec getService() {
    return service;
  }

  public void setService(ClientServiceSpec service) {
    this.service = service;
  }

  public PlacementSpec getPlacement() {
    return placement;
  }

  public void setPlacement(PlacementSpec placement) {
    this.placement = placement;
  }

  public List<RemoteSpec> getRemotes() {
    return remotes;
  }

  public void setRemotes(List<RemoteSpec> remotes) {
    this.remotes = remotes;
  }

  public List<MirrorSpec> getMirrors() {
    return mirrors;
  }

  public void setMirrors(List<MirrorSpec> mirrors) {
    this.mirrors = mirrors;
  }

  public FailoverSpec getFailover() {
    return failover;
  }

  public void setFailover(FailoverSpec failover) {
    this.failover = failover;
  }

  public MirroringSpec getMirroring() {
    return mirroring;
  }

  public void setMirroring(MirroringSpec mirroring) {
    this.mirroring = mirroring;
  }

  public AuthSpec getAuth() {
    return auth;
  }

  public void setAuth(AuthSpec auth) {
    this.auth = auth;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }

  public NetworkPolicySpec getNetworkPolicy() {
    return networkPolicy;
  }

  public void setNetworkPolicy(NetworkPolicySpec networkPolicy) {
    this.networkPolicy = networkPolicy;
  }
}
