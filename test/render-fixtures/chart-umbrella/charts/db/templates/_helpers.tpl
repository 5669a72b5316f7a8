{{- define "db.fullname" -}}
{{ .Release.Name }}-db
{{- end }}

{{- define "db.image" -}}
{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end }}

{{- define "db.labels" -}}
app.kubernetes.io/name: db
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
