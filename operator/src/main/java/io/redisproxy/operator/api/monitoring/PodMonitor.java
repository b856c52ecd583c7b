package io.redisproxy.operator.api.monitoring;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/**
 * The Prometheus Operator's PodMonitor, with its spec left as plain data. A class of its own rather
 * than a generic object because a client then needs no API discovery to name it, which a cluster
 * without the Prometheus Operator could not answer.
 */
@Group(PodMonitor.GROUP)
@Version(PodMonitor.VERSION)
@Kind(PodMonitor.KIND)
@Plural("podmonitors")
public class PodMonitor extends CustomResource<Map<String, Object>, Void> implements Namespaced {
  public static final String GROUP = "monitoring.coreos.com";
  public static final String VERSION = "v1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "PodMonitor";
}
