package io.cloacina.compatibility.session;

import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A servlet web application whose HTTP sessions Spring Session keeps in the database: it has no
 * session code of its own, only {@link HttpSession}.
 */
@SpringBootApplication
public class SessionApplication {

	/** Stores a value in the session and reads it back. */
	@RestController
	static class GreetingController {

		@PostMapping("/name")
		String remember(@RequestParam String name, HttpSession session) {
			session.setAttribute("name", name);
			return "remembered";
		}

		@GetMapping("/name")
		String recall(HttpSession session) {
			Object name = session.getAttribute("name");
			return (name != null) ? (String) name : "(none)";
		}

	}

}
