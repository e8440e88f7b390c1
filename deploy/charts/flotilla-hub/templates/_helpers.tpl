{{- define "flotilla-hub.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "flotilla-hub.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "flotilla-hub.labels" -}}
{{ include "flotilla-hub.selectorLabels" . }}
app.kubernetes.io/part-of: flotilla
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Secret and key holding the database URL. */}}
{{- define "flotilla-hub.databaseSecret" -}}
{{- if .Values.database.existingSecret -}}
{{- .Values.database.existingSecret -}}
{{- else if .Values.database.url -}}
{{- printf "%s-database" (include "flotilla-hub.fullname" .) -}}
{{- else -}}
{{- fail "set database.url or database.existingSecret: the hub in Kubernetes runs on an external PostgreSQL" -}}
{{- end -}}
{{- end -}}

{{- define "flotilla-hub.secretKeySecret" -}}
{{- .Values.secretKey.existingSecret | default (printf "%s-secret-key" (include "flotilla-hub.fullname" .)) -}}
{{- end -}}

{{- define "flotilla-hub.publicUrl" -}}
{{- if .Values.publicUrl -}}
{{- .Values.publicUrl -}}
{{- else if .Values.ingress.enabled -}}
{{- printf "%s://%s" (ternary "https" "http" (ne .Values.ingress.tlsSecretName "")) .Values.ingress.host -}}
{{- else -}}
{{- printf "http://%s.%s.svc:%v" (include "flotilla-hub.fullname" .) .Release.Namespace .Values.service.port -}}
{{- end -}}
{{- end -}}
