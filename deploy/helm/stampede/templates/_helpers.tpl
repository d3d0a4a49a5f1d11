{{- define "stampede.secretName" -}}
{{- if .Values.existingSecret }}{{ .Values.existingSecret }}{{ else }}{{ .Release.Name }}-token{{ end }}
{{- end }}
{{- define "stampede.discovery" -}}
{{ .Release.Name }}-cluster.{{ .Release.Namespace }}.svc.cluster.local
{{- end }}
