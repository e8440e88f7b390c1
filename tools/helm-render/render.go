package main

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/loader"
	v2loader "helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/cli"
	"helm.sh/helm/v4/pkg/kube"
	release "helm.sh/helm/v4/pkg/release/v1"
)

// The steps of `helm template NAME CHART --namespace NS --values FILE --include-crds --skip-tests
// [--kube-version V]` in helm's pkg/cmd (template.go and runInstall in install.go), calling the same library
// functions in the same order, so the output and the error texts are helm's own. What is not here is what
// those flags never reach: --dependency-update, --show-only, --output-dir, --debug, post-renderers, plugins.

type request struct {
	ID          int    `json:"id"`
	Chart       string `json:"chart"`
	ReleaseName string `json:"releaseName"`
	Namespace   string `json:"namespace"`
	// Values is the text of the values file helm would be given with --values.
	Values      string `json:"values"`
	KubeVersion string `json:"kubeVersion,omitempty"`
}

func render(settings *cli.EnvSettings, req request) (string, error) {
	client := action.NewInstall(action.NewConfiguration())
	// The defaults helm's install flags give the fields that are not set below.
	client.ServerSideApply = true
	client.Timeout = 300 * time.Second
	client.WaitStrategy = kube.HookOnlyStrategy
	if req.KubeVersion != "" {
		parsed, err := common.ParseKubeVersion(req.KubeVersion)
		if err != nil {
			return "", fmt.Errorf("invalid kube version '%s': %w", req.KubeVersion, err)
		}
		client.KubeVersion = parsed
	}
	client.DryRunStrategy = action.DryRunClient
	client.ReleaseName = "release-name"
	client.Replace = true
	client.APIVersions = common.VersionSet(nil)
	client.IncludeCRDs = true
	rel, err := runInstall(settings, client, req)
	if err != nil {
		if rel != nil {
			return "", fmt.Errorf("%w\n\nUse --debug flag to render out invalid YAML", err)
		}
		return "", err
	}
	var manifests bytes.Buffer
	fmt.Fprintln(&manifests, strings.TrimSpace(rel.Manifest))
	for _, m := range rel.Hooks {
		if slices.Contains(m.Events, release.HookTest) { // --skip-tests
			continue
		}
		fmt.Fprintf(&manifests, "---\n# Source: %s\n%s\n", m.Path, m.Manifest)
	}
	return manifests.String(), nil
}

func runInstall(settings *cli.EnvSettings, client *action.Install, req request) (*release.Release, error) {
	name, chartRef, err := client.NameAndChart([]string{req.ReleaseName, req.Chart})
	if err != nil {
		return nil, err
	}
	client.ReleaseName = name
	cp, err := client.LocateChart(chartRef, settings)
	if err != nil {
		return nil, err
	}
	// values.Options.MergeValues for one --values file: parsed by the chart loader, merged into an empty map.
	current, err := v2loader.LoadValues(strings.NewReader(req.Values))
	if err != nil {
		return nil, fmt.Errorf("failed to parse %s: %w", "values", err)
	}
	vals := v2loader.MergeMaps(map[string]any{}, current)
	chartRequested, err := loader.Load(cp)
	if err != nil {
		return nil, err
	}
	ac, err := chart.NewAccessor(chartRequested)
	if err != nil {
		return nil, err
	}
	switch meta := ac.MetadataAsMap(); meta["Type"] {
	case "", "application":
	default:
		return nil, fmt.Errorf("%s charts are not installable", meta["Type"])
	}
	if req := ac.MetaDependencies(); len(req) > 0 {
		if err := action.CheckDependencies(chartRequested, req); err != nil {
			return nil, fmt.Errorf("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: %w", err)
		}
	}
	client.Namespace = req.Namespace
	ri, err := client.RunWithContext(context.Background(), chartRequested, vals)
	var rel *release.Release
	switch r := ri.(type) {
	case release.Release:
		rel = &r
	case *release.Release:
		rel = r
	case nil:
	default:
		return nil, fmt.Errorf("unsupported release type: %T", ri)
	}
	return rel, err
}
