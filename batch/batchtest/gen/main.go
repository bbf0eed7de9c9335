// Command gen writes a generated batch input table (see package batchtest)
// to standard output:
//
//	go run ./batch/batchtest/gen [-rows 200] [-seed 1] [-bad-every 10] [-labels zh|en] [-tab]
package main

import (
	"flag"
	"fmt"
	"os"

	"policycheck/batch/batchtest"
	"policycheck/engine"
	"policycheck/rules"
)

func main() {
	var opt batchtest.Options
	flag.IntVar(&opt.Rows, "rows", 200, "rows of data")
	flag.Uint64Var(&opt.Seed, "seed", 1, "random seed")
	flag.IntVar(&opt.BadEvery, "bad-every", 0, "make every n-th row bad (0: none)")
	flag.StringVar(&opt.Labels, "labels", "", "add a second header row of labels in zh or en")
	flag.BoolVar(&opt.Tab, "tab", false, "separate columns with tabs")
	flag.Parse()
	c, err := engine.Load(rules.FS)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	data, _ := batchtest.CSV(c, opt)
	os.Stdout.Write(data)
}
