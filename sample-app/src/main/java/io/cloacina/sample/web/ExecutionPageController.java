package io.cloacina.sample.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /executions/{id}}: the page of one execution, a static page that reads the id from its path
 * and the rest from {@code GET /api/executions/{id}}.
 */
@Controller
class ExecutionPageController {

	@GetMapping("/executions/{id}")
	String execution() {
		return "forward:/execution.html";
	}

}
