package engine

// NotShown returns the ids of the answered questions that the questionnaire
// would not show for these answers (their relevance is false), in the
// catalogue's order: answers a person gave before changing an earlier
// answer, which no longer count. The page drops them and estimates again,
// as a person would see it (api.Service.EstimateLive). An answer "not
// sure" counts as given.
func (c *Catalogue) NotShown(a Answers, opt Options) []string {
	if c == nil || c.env == nil || len(a) == 0 {
		return nil
	}
	ev := c.pool.get(a, assessmentDate(opt))
	defer c.pool.put(ev)
	var out []string
	for i, q := range c.Questions {
		if (ev.Vals[i].Set || ev.unsure[i]) && ev.relevant(i) == triFalse {
			out = append(out, q.ID)
		}
	}
	return out
}
