package engine

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isSnakeID reports whether s matches ^[a-z][a-z0-9_]*$.
func isSnakeID(s string) bool {
	if s == "" || !isLower(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLower(c) && !isDigit(c) && c != '_' {
			return false
		}
	}
	return true
}

// isRuleID reports whether s matches ^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9-]*$.
func isRuleID(s string) bool {
	doc, name, ok := cutByte(s, '.')
	if !ok || !isSnakeID(doc) || name == "" || !(isLower(name[0]) || isDigit(name[0])) {
		return false
	}
	for i := 1; i < len(name); i++ {
		if c := name[i]; !isLower(c) && !isDigit(c) && c != '-' {
			return false
		}
	}
	return true
}

func cutByte(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
