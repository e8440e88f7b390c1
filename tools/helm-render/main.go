// helm-render renders charts as `helm template` does, many in one process: the hub's per-cluster diff of a
// proposal needs a render per cluster, and a helm process spends most of its ~60 ms starting (Go runtime and
// package initialisation), not rendering.
//
// Protocol: one JSON request per line on stdin, one JSON response per line on stdout, in any order (requests
// run concurrently), matched by id: {"id","manifest"} or {"id","error"}. Values come through the pipe, never
// a file or the command line, and nothing is logged.
package main

import (
	"bufio"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"sync"

	"helm.sh/helm/v4/pkg/cli"
)

type response struct {
	ID       int     `json:"id"`
	Manifest *string `json:"manifest,omitempty"`
	Error    *string `json:"error,omitempty"`
}

func main() {
	// helm's library logs warnings (e.g. a deprecated chart) through slog; they are not part of the output.
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	settings := cli.New()
	out := json.NewEncoder(os.Stdout)
	var mu sync.Mutex
	var wg sync.WaitGroup
	in := bufio.NewReader(os.Stdin)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			var req request
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				msg := "helm-render: bad request: " + jerr.Error()
				mu.Lock()
				_ = out.Encode(response{ID: -1, Error: &msg})
				mu.Unlock()
			} else {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res := response{ID: req.ID}
					if manifest, rerr := render(settings, req); rerr != nil {
						msg := rerr.Error()
						res.Error = &msg
					} else {
						res.Manifest = &manifest
					}
					mu.Lock()
					defer mu.Unlock()
					if err := out.Encode(res); err != nil {
						os.Exit(1)
					}
				}()
			}
		}
		if err != nil {
			break
		}
	}
	wg.Wait()
}
