{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "gastown-relay.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified name of the release's objects. */}}
{{- define "gastown-relay.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "gastown-relay.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "gastown-relay.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gastown-relay.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every object but the component. */}}
{{- define "gastown-relay.commonLabels" -}}
helm.sh/chart: {{ include "gastown-relay.chart" . }}
{{ include "gastown-relay.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: gastown
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "gastown-relay.labels" -}}
{{ include "gastown-relay.commonLabels" . }}
app.kubernetes.io/component: relay
{{- end }}

{{/* The Service of the health port (/metrics) is told apart by its component, so a ServiceMonitor picks it only. */}}
{{- define "gastown-relay.metricsLabels" -}}
{{ include "gastown-relay.commonLabels" . }}
app.kubernetes.io/component: metrics
{{- end }}

{{- define "gastown-relay.metricsServiceName" -}}
{{- printf "%s-metrics" (include "gastown-relay.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Secret with the relay's certificate: named in values, else <fullname>-tls. */}}
{{- define "gastown-relay.tlsSecretName" -}}
{{- .Values.tls.secretName | default (printf "%s-tls" (include "gastown-relay.fullname" .) | trunc 63 | trimSuffix "-") }}
{{- end }}

{{/* The in-cluster DNS names of the gRPC Service, shortest first. */}}
{{- define "gastown-relay.serviceDnsNames" -}}
{{- $svc := include "gastown-relay.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.cluster.local" $svc $ns) | toYaml }}
{{- end }}

{{- define "gastown-relay.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "gastown-relay.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding the host agents' token hashes: an existing one, or the one this chart renders. */}}
{{- define "gastown-relay.tokensSecretName" -}}
{{- if .Values.tokens.existingSecret }}
{{- .Values.tokens.existingSecret }}
{{- else }}
{{- printf "%s-tokens" (include "gastown-relay.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
The tokens file: one "<host-id> sha256:<hex>" line per host, sorted by host id. Refuses anything that is not a
host id or a sha256 hash, so a raw token put into values by mistake stops the install. Errors never echo a
rejected value (it may be a token); a rejected hash is named by its host id only.
*/}}
{{- define "gastown-relay.tokensFile" -}}
{{- $lines := list }}
{{- range $hostId, $hash := .Values.tokens.hashes }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" $hostId) }}
{{- fail "tokens.hashes: every key must be a host id (lower-case letters, digits and '-', at most 63 characters)" }}
{{- end }}
{{- if not (regexMatch "^sha256:[0-9a-f]{64}$" (toString $hash)) }}
{{- fail (printf "tokens.hashes.%s must be \"sha256:<64 lower-case hex digits>\": the hash of the token, never the token itself" $hostId) }}
{{- end }}
{{- $lines = append $lines (printf "%s %s" $hostId $hash) }}
{{- end }}
{{- join "\n" $lines }}
{{- end }}

{{/*
Client certificates (mTLS): refuses combinations the relay would refuse at start, or that would lock every host
out, each naming the value to fix. Renders nothing.
*/}}
{{- define "gastown-relay.checkClientAuth" -}}
{{- $c := .Values.clientAuth }}
{{- $mtls := ne $c.mode "none" }}
{{- if and $mtls (not $c.ca.source) }}
{{- fail (printf "clientAuth.mode=%s needs the CA that signs host certificates: set clientAuth.ca.source to tlsSecret (the ca.crt of the relay's TLS Secret), secret or configMap" $c.mode) }}
{{- end }}
{{- if and (not $mtls) $c.ca.source }}
{{- fail "clientAuth.ca is set but clientAuth.mode is none: set clientAuth.mode to optional or require, or clear clientAuth.ca.source" }}
{{- end }}
{{- if and (not $mtls) $c.revokedCerts.source }}
{{- fail "clientAuth.revokedCerts needs client certificates: set clientAuth.mode to optional or require, or clear clientAuth.revokedCerts.source" }}
{{- end }}
{{- if and (has $c.ca.source (list "secret" "configMap")) (not $c.ca.name) }}
{{- fail (printf "clientAuth.ca.name: the %s holding the client CA (clientAuth.ca.source=%s)" $c.ca.source $c.ca.source) }}
{{- end }}
{{- if and $c.revokedCerts.source (not $c.revokedCerts.name) }}
{{- fail (printf "clientAuth.revokedCerts.name: the %s holding the revoked certificates (clientAuth.revokedCerts.source=%s)" $c.revokedCerts.source $c.revokedCerts.source) }}
{{- end }}
{{- if eq $c.mode "require" }}
{{- if and .Values.gateway.enabled (eq .Values.gateway.kind "GRPCRoute") }}
{{- fail "clientAuth.mode=require with gateway.kind=GRPCRoute: the Gateway terminates TLS, so no client certificate reaches the relay and every host would be refused; use gateway.kind=TLSRoute, or clientAuth.mode=optional with tokens" }}
{{- end }}
{{- if and .Values.ingress.enabled (ne (toString (index .Values.ingress.annotations "nginx.ingress.kubernetes.io/ssl-passthrough")) "true") }}
{{- fail "clientAuth.mode=require with ingress.enabled: the ingress terminates TLS, so no client certificate reaches the relay and every host would be refused; add the annotation nginx.ingress.kubernetes.io/ssl-passthrough: \"true\" (docs/operations.md), use a Gateway TLSRoute, or clientAuth.mode=optional with tokens" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Where the relay reads the client CA bundle: in the TLS Secret's mount, or in a mount of its own. */}}
{{- define "gastown-relay.clientCaFile" -}}
{{- if eq .Values.clientAuth.ca.source "tlsSecret" }}
{{- printf "/etc/gastown-relay/tls/%s" .Values.clientAuth.ca.key }}
{{- else }}
{{- printf "/etc/gastown-relay/client-ca/%s" .Values.clientAuth.ca.key }}
{{- end }}
{{- end }}
