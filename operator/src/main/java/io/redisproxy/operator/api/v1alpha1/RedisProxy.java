package io.redisproxy.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Redis topology fronted by the sharding proxy, or a proxy tier over external Redis. */
@Group(RedisProxy.GROUP)
@Version(RedisProxy.VERSION)
@Plural("redisproxies")
@ShortNames("rp")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".status.mode")
@AdditionalPrinterColumn(
    name = "Shards",
    jsonPath = ".status.shards",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready")
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RedisProxy extends CustomResource<RedisProxySpec, RedisProxyStatus>
    implements Namespaced {
  public static final String GROUP = "redisproxy.io";
  public static final String VERSION = "v1alpha1";
}
