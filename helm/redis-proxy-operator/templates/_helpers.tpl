{{- define "redis-proxy-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "redis-proxy-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "redis-proxy-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "redis-proxy-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "redis-proxy-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "redis-proxy-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "redis-proxy-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "redis-proxy-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The namespaces to watch; empty means all of them. */}}
{{- define "redis-proxy-operator.watchNamespaces" -}}
{{- if not (has .Values.rbac.scope (list "cluster" "namespace")) }}
{{- fail (printf "rbac.scope must be cluster or namespace, not %q" .Values.rbac.scope) }}
{{- end }}
{{- if not (kindIs "slice" (default list .Values.watchNamespaces)) }}
{{- fail "watchNamespaces must be a list of namespaces, such as [shop, prod]" }}
{{- end }}
{{- if .Values.watchNamespaces }}
{{- join "," .Values.watchNamespaces }}
{{- else if eq .Values.rbac.scope "namespace" }}
{{- .Release.Namespace }}
{{- end }}
{{- end }}

{{/* What the operator does: read RedisProxy resources, write their status, own their objects. */}}
{{- define "redis-proxy-operator.rules" -}}
- apiGroups: ["redisproxy.io"]
  resources: ["redisproxies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["redisproxy.io"]
  resources: ["redisproxies/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["redisproxy.io"]
  resources: ["redisproxies/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["statefulsets", "deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# The PodMonitor a RedisProxy may ask for; only used where the Prometheus Operator runs.
- apiGroups: ["monitoring.coreos.com"]
  resources: ["podmonitors"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# The pods: the zone each Redis pod runs in, the proxies' mirror health, deleting Redis pods
# one at a time to restart them onto a new spec (their StatefulSets update only on delete), and
# annotating them with their proxy config's digest, so the kubelet hands a new one over at once.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "patch", "delete"]
# Read only, by name: the password and CA of a managed Redis Cluster, to form it.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
{{- end }}
