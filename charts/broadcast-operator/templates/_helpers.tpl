{{/* Name of the chart, or nameOverride. */}}
{{- define "bo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name. */}}
{{- define "bo.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Namespace of the BroadcastSession resources. */}}
{{- define "bo.sessionsNamespace" -}}
{{- default .Release.Namespace .Values.sessionsNamespace -}}
{{- end -}}

{{/* Labels of every object; pass (dict "root" $ "component" "operator"). */}}
{{- define "bo.labels" -}}
app.kubernetes.io/name: {{ include "bo.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/component: {{ .component }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* Selector labels; pass (dict "root" $ "component" "operator"). */}}
{{- define "bo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bo.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Image reference; pass (dict "root" $ "repository" "operator"). */}}
{{- define "bo.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .repository (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{/* Name of the Secret with the signaling credentials. */}}
{{- define "bo.credentialsSecret" -}}
{{- default (printf "%s-credentials" (include "bo.fullname" .)) .Values.credentials.existingSecret -}}
{{- end -}}

{{/* In-cluster URL of the embedded signaling service. */}}
{{- define "bo.signalingUrl" -}}
{{- printf "https://%s-signaling.%s.svc:%v" (include "bo.fullname" .) .Release.Namespace .Values.signaling.service.port -}}
{{- end -}}

{{/* Pod-level settings every pod shares. */}}
{{- define "bo.podSecurity" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* A writable /tmp for the read-only root filesystem. */}}
{{- define "bo.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{/*
TURN URLs handed to browsers, as a JSON list (include returns text). `turn.urls`; the chart refuses to render a TURN
server it runs (turn.enabled) without them, since only you know the address browsers reach its Service at.
*/}}
{{- define "bo.turnUrls" -}}
{{- if and .Values.turn.enabled (not .Values.turn.urls) -}}
{{- fail "turn.enabled needs turn.urls: the address browsers reach the TURN Service at, e.g. [\"turn:turn.example.com:3478?transport=udp\", \"turn:turn.example.com:3478?transport=tcp\"]" -}}
{{- end -}}
{{- .Values.turn.urls | default list | toJson -}}
{{- end -}}
