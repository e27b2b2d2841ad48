package io.switchboard.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.switchboard.system.ApiTokens;
import io.switchboard.system.UserAccounts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admins manage users (roles, sign-in), API tokens and canned responses; every change is audited. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "admin")
@PreAuthorize("hasRole('ADMIN')")
class AdminController {

    private final UserAccounts users;
    private final ApiTokens tokens;
    private final CannedResponses canned;

    AdminController(UserAccounts users, ApiTokens tokens, CannedResponses canned) {
        this.users = users;
        this.tokens = tokens;
        this.canned = canned;
    }

    @GetMapping("/users")
    @Operation(summary = "Users: configured ones (fixed) and those created here")
    List<UserAccounts.Account> users() {
        return users.list();
    }

    record NewUser(@NotBlank @Size(max = 128) String username, @NotBlank @Size(max = 200) String password,
                   @NotNull List<String> roles) {
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a user with roles among agent, supervisor, admin, monitoring and privacy")
    UserAccounts.Account create(@Valid @RequestBody NewUser request, Authentication auth) {
        return users.create(request.username(), request.password(), request.roles(), auth.getName());
    }

    record Roles(@NotNull List<String> roles) {
    }

    @PutMapping("/users/{username}/roles")
    @Operation(summary = "Change a user's roles")
    UserAccounts.Account roles(@PathVariable String username, @Valid @RequestBody Roles request, Authentication auth) {
        return users.changeRoles(username, request.roles(), auth.getName());
    }

    record Enabled(boolean enabled) {
    }

    @PutMapping("/users/{username}/enabled")
    @Operation(summary = "Let a user sign in, or stop them (their API tokens stop working too)")
    UserAccounts.Account enabled(@PathVariable String username, @RequestBody Enabled request, Authentication auth) {
        return users.setEnabled(username, request.enabled(), auth.getName());
    }

    record Password(@NotBlank @Size(max = 200) String password) {
    }

    @PutMapping("/users/{username}/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Set a user's password")
    void password(@PathVariable String username, @Valid @RequestBody Password request, Authentication auth) {
        users.changePassword(username, request.password(), auth.getName());
    }

    @DeleteMapping("/users/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a user created here")
    void delete(@PathVariable String username, Authentication auth) {
        users.delete(username, auth.getName());
    }

    @GetMapping("/tokens")
    @Operation(summary = "API tokens (never their secrets)")
    List<ApiTokens.Token> tokens() {
        return tokens.list();
    }

    record NewToken(@NotBlank @Size(max = 128) String name, @NotBlank @Size(max = 128) String owner) {
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a bearer token acting as a user; the secret is in this answer only")
    ApiTokens.Issued issue(@Valid @RequestBody NewToken request, Authentication auth) {
        return tokens.issue(request.owner(), request.name(), auth.getName());
    }

    @DeleteMapping("/tokens/{id}")
    @Operation(summary = "Revoke a token: it stops working at once")
    ApiTokens.Token revoke(@PathVariable String id, Authentication auth) {
        return tokens.revoke(id, auth.getName());
    }

    @GetMapping("/canned-responses")
    @PreAuthorize("hasAnyRole('AGENT', 'SUPERVISOR', 'ADMIN')")
    @Operation(summary = "Canned responses as written, with their variables")
    List<CannedResponses.Canned> canned() {
        return canned.all();
    }

    record CannedRequest(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 20_000) String text) {
    }

    @PutMapping("/canned-responses/{id}")
    @Operation(summary = "Create or change a canned response")
    CannedResponses.Canned putCanned(@PathVariable String id, @Valid @RequestBody CannedRequest request,
                                     Authentication auth) {
        return canned.put(new CannedResponses.Canned(id, request.title(), request.text()), auth.getName());
    }

    @DeleteMapping("/canned-responses/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a canned response")
    void deleteCanned(@PathVariable String id, Authentication auth) {
        canned.delete(id, auth.getName());
    }
}
