// Command compose-validate loads docker compose files the way `docker compose config`
// does, with the reference implementation of the Compose Specification (compose-go):
// JSON-schema validation, interpolation, path resolution and project consistency
// (dependencies, networks, volumes), with every profile enabled. It exits non-zero on
// the first problem and prints a one-line summary per service otherwise.
//
//	go run . ../../docker-compose.yml
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-validate COMPOSE_FILE [OVERRIDE_FILE...]")
		os.Exit(2)
	}
	files := os.Args[1:]
	dir, err := filepath.Abs(filepath.Dir(files[0]))
	if err != nil {
		fail(err)
	}
	options, err := cli.NewProjectOptions(files,
		cli.WithWorkingDirectory(dir),
		cli.WithOsEnv,
		cli.WithDotEnv,
		cli.WithProfiles([]string{"*"}),
		cli.WithInterpolation(true),
		cli.WithResolvedPaths(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	if err := project.CheckContainerNameUnicity(); err != nil {
		fail(err)
	}
	names := project.ServiceNames()
	sort.Strings(names)
	for _, name := range names {
		service := project.Services[name]
		var deps []string
		for dep, config := range service.DependsOn {
			deps = append(deps, dep+"("+config.Condition+")")
		}
		sort.Strings(deps)
		healthcheck := "image default"
		if service.HealthCheck != nil {
			if service.HealthCheck.Disable {
				healthcheck = "disabled"
			} else {
				healthcheck = strings.Join(service.HealthCheck.Test, " ")
				if len(healthcheck) > 40 {
					healthcheck = healthcheck[:40] + "…"
				}
			}
		}
		fmt.Printf("%-11s profiles=%v depends_on=[%s] healthcheck=%s\n", name, service.Profiles, strings.Join(deps, " "), healthcheck)
	}
	fmt.Printf("%s: valid (project %q, %d services)\n", strings.Join(files, ", "), project.Name, len(names))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compose-validate: %v\n", err)
	os.Exit(1)
}
