{{- define "infra-mcp.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "infra-mcp.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "infra-mcp.labels" -}}
app.kubernetes.io/name: {{ include "infra-mcp.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "infra-mcp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "infra-mcp.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "infra-mcp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "infra-mcp.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Refuse settings that would run an unsafe or broken deployment. */}}
{{- define "infra-mcp.validate" -}}
{{- if not .Values.publicUrl -}}
{{- fail "publicUrl is required: set it to the externally visible base URL, e.g. https://mcp.example.com" -}}
{{- end -}}
{{- if and (not .Values.auth.oauth.issuer) (not .Values.auth.apiKeys.existingSecret) -}}
{{- fail "auth is required off loopback: set auth.oauth.issuer or auth.apiKeys.existingSecret" -}}
{{- end -}}
{{- if and (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) (not .Values.state.existingSecret) -}}
{{- fail "several replicas share state in PostgreSQL: set state.existingSecret to a Secret holding its URL" -}}
{{- end -}}
{{- end -}}
