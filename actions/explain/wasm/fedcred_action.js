/**
 * The coverage and the step's outputs.
 */
class Checked {
    static __wrap(ptr) {
        const obj = Object.create(Checked.prototype);
        obj.__wbg_ptr = ptr;
        CheckedFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        CheckedFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_checked_free(ptr, 0);
    }
    /**
     * Subjects accepted, refused and not decided by the files, as `A accepted, R refused, U unknown`.
     * @returns {string}
     */
    get counts() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_checked_counts(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * Why nothing could be checked (no pipeline, unreadable credentials); empty when checked.
     * @returns {string}
     */
    get error() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_checked_error(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * For `$GITHUB_STEP_SUMMARY`.
     * @returns {string}
     */
    get markdown() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_checked_markdown(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * Whether a job will be refused (or cannot get its token): the step fails.
     * @returns {boolean}
     */
    get refused() {
        const ret = wasm.__wbg_get_checked_refused(this.__wbg_ptr);
        return ret !== 0;
    }
    /**
     * Subjects accepted, refused and not decided by the files, as `A accepted, R refused, U unknown`.
     * @param {string} arg0
     */
    set counts(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_checked_counts(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * Why nothing could be checked (no pipeline, unreadable credentials); empty when checked.
     * @param {string} arg0
     */
    set error(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_checked_error(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * For `$GITHUB_STEP_SUMMARY`.
     * @param {string} arg0
     */
    set markdown(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_checked_markdown(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * Whether a job will be refused (or cannot get its token): the step fails.
     * @param {boolean} arg0
     */
    set refused(arg0) {
        wasm.__wbg_set_checked_refused(this.__wbg_ptr, arg0);
    }
}
if (Symbol.dispose) Checked.prototype[Symbol.dispose] = Checked.prototype.free;
exports.Checked = Checked;

/**
 * The report and the step's outputs.
 */
class Explained {
    static __wrap(ptr) {
        const obj = Object.create(Explained.prototype);
        obj.__wbg_ptr = ptr;
        ExplainedFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        ExplainedFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_explained_free(ptr, 0);
    }
    /**
     * Whether a check should fail the step.
     * @returns {boolean}
     */
    get failure() {
        const ret = wasm.__wbg_get_explained_failure(this.__wbg_ptr);
        return ret !== 0;
    }
    /**
     * The verdict in one line.
     * @returns {string}
     */
    get headline() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_explained_headline(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * The token's issuer (empty without a token).
     * @returns {string}
     */
    get issuer() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_explained_issuer(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * For the log; the caller stops workflow commands around it.
     * @returns {string}
     */
    get log() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_explained_log(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * For `$GITHUB_STEP_SUMMARY`.
     * @returns {string}
     */
    get markdown() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_explained_markdown(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * The token's subject (empty without a token).
     * @returns {string}
     */
    get subject() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_explained_subject(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * `match`, `no_match`, `no_token`, `not_compared` or `invalid_input`.
     * @returns {string}
     */
    get verdict() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_explained_verdict(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * Whether a check should fail the step.
     * @param {boolean} arg0
     */
    set failure(arg0) {
        wasm.__wbg_set_explained_failure(this.__wbg_ptr, arg0);
    }
    /**
     * The verdict in one line.
     * @param {string} arg0
     */
    set headline(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_explained_headline(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * The token's issuer (empty without a token).
     * @param {string} arg0
     */
    set issuer(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_explained_issuer(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * For the log; the caller stops workflow commands around it.
     * @param {string} arg0
     */
    set log(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_explained_log(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * For `$GITHUB_STEP_SUMMARY`.
     * @param {string} arg0
     */
    set markdown(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_explained_markdown(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * The token's subject (empty without a token).
     * @param {string} arg0
     */
    set subject(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_explained_subject(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * `match`, `no_match`, `no_token`, `not_compared` or `invalid_input`.
     * @param {string} arg0
     */
    set verdict(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_explained_verdict(this.__wbg_ptr, ptr0, len0);
    }
}
if (Symbol.dispose) Explained.prototype[Symbol.dispose] = Explained.prototype.free;
exports.Explained = Explained;

/**
 * What the step knows, filled in by the JavaScript.
 */
class Job {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        JobFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_job_free(ptr, 0);
    }
    /**
     * `GITHUB_ACTOR`.
     * @returns {string}
     */
    get actor() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_job_actor(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * The audience the token was asked for.
     * @returns {string}
     */
    get audience() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_job_audience(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * The credentials as JSON.
     * @returns {string | undefined}
     */
    get credentials() {
        const ret = wasm.__wbg_get_job_credentials(this.__wbg_ptr);
        let v1;
        if (ret[0] !== 0) {
            v1 = getStringFromWasm0(ret[0], ret[1]);
            wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
        }
        return v1;
    }
    /**
     * The refusal's message, or what failed.
     * @returns {string}
     */
    get detail() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_job_detail(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * The login step's error text.
     * @returns {string | undefined}
     */
    get error() {
        const ret = wasm.__wbg_get_job_error(this.__wbg_ptr);
        let v1;
        if (ret[0] !== 0) {
            v1 = getStringFromWasm0(ret[0], ret[1]);
            wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
        }
        return v1;
    }
    /**
     * `GITHUB_EVENT_NAME`.
     * @returns {string}
     */
    get event_name() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_job_event_name(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * Why there is no token: `not_offered` (no `ACTIONS_ID_TOKEN_REQUEST_URL`), `refused`
     * (an HTTP error, with `status`), or `failed`.
     * @returns {string}
     */
    get failure() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_job_failure(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * A pull request's head repository.
     * @returns {string}
     */
    get head_repository() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_job_head_repository(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * What the step could not read of its inputs, one per line.
     * @returns {string}
     */
    get notes() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_job_notes(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * Unix seconds.
     * @returns {number}
     */
    get now() {
        const ret = wasm.__wbg_get_job_now(this.__wbg_ptr);
        return ret;
    }
    /**
     * `GITHUB_REPOSITORY`.
     * @returns {string}
     */
    get repository() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_job_repository(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * The HTTP status of a refusal.
     * @returns {number}
     */
    get status() {
        const ret = wasm.__wbg_get_job_status(this.__wbg_ptr);
        return ret;
    }
    /**
     * The job's OIDC token; `None` when it has none (then `failure` says why).
     * @returns {string | undefined}
     */
    get token() {
        const ret = wasm.__wbg_get_job_token(this.__wbg_ptr);
        let v1;
        if (ret[0] !== 0) {
            v1 = getStringFromWasm0(ret[0], ret[1]);
            wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
        }
        return v1;
    }
    /**
     * An empty job description.
     */
    constructor() {
        const ret = wasm.job_new();
        this.__wbg_ptr = ret;
        JobFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * `GITHUB_ACTOR`.
     * @param {string} arg0
     */
    set actor(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_actor(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * The audience the token was asked for.
     * @param {string} arg0
     */
    set audience(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_audience(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * The credentials as JSON.
     * @param {string | null} [arg0]
     */
    set credentials(arg0) {
        var ptr0 = isLikeNone(arg0) ? 0 : passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_credentials(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * The refusal's message, or what failed.
     * @param {string} arg0
     */
    set detail(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_detail(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * The login step's error text.
     * @param {string | null} [arg0]
     */
    set error(arg0) {
        var ptr0 = isLikeNone(arg0) ? 0 : passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_error(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * `GITHUB_EVENT_NAME`.
     * @param {string} arg0
     */
    set event_name(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_event_name(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * Why there is no token: `not_offered` (no `ACTIONS_ID_TOKEN_REQUEST_URL`), `refused`
     * (an HTTP error, with `status`), or `failed`.
     * @param {string} arg0
     */
    set failure(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_failure(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * A pull request's head repository.
     * @param {string} arg0
     */
    set head_repository(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_head_repository(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * What the step could not read of its inputs, one per line.
     * @param {string} arg0
     */
    set notes(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_notes(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * Unix seconds.
     * @param {number} arg0
     */
    set now(arg0) {
        wasm.__wbg_set_job_now(this.__wbg_ptr, arg0);
    }
    /**
     * `GITHUB_REPOSITORY`.
     * @param {string} arg0
     */
    set repository(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_repository(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * The HTTP status of a refusal.
     * @param {number} arg0
     */
    set status(arg0) {
        wasm.__wbg_set_job_status(this.__wbg_ptr, arg0);
    }
    /**
     * The job's OIDC token; `None` when it has none (then `failure` says why).
     * @param {string | null} [arg0]
     */
    set token(arg0) {
        var ptr0 = isLikeNone(arg0) ? 0 : passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_job_token(this.__wbg_ptr, ptr0, len0);
    }
}
if (Symbol.dispose) Job.prototype[Symbol.dispose] = Job.prototype.free;
exports.Job = Job;

/**
 * What the check mode (`actions/check`) knows: the repository's pipeline files as the job
 * checked them out, and the credentials that exist.
 */
class Repository {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        RepositoryFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_repository_free(ptr, 0);
    }
    /**
     * The credentials (anything `fedcred audit` reads).
     * @returns {string}
     */
    get credentials() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_repository_credentials(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * The default branch.
     * @returns {string}
     */
    get default_branch() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_repository_default_branch(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * The files, as JSON: `[{"name": "PATH", "text": "…"}]`.
     * @returns {string}
     */
    get files() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_repository_files(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * What `gh api repos/OWNER/REPO` printed, when given.
     * @returns {string}
     */
    get github_ids() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_repository_github_ids(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * What the step could not read (files left out, an input missing), one per line.
     * @returns {string}
     */
    get notes() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_repository_notes(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * `OWNER/REPO`.
     * @returns {string}
     */
    get repository() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.__wbg_get_repository_repository(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * An empty description.
     */
    constructor() {
        const ret = wasm.repository_new();
        this.__wbg_ptr = ret;
        RepositoryFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * The credentials (anything `fedcred audit` reads).
     * @param {string} arg0
     */
    set credentials(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_repository_credentials(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * The default branch.
     * @param {string} arg0
     */
    set default_branch(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_repository_default_branch(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * The files, as JSON: `[{"name": "PATH", "text": "…"}]`.
     * @param {string} arg0
     */
    set files(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_repository_files(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * What `gh api repos/OWNER/REPO` printed, when given.
     * @param {string} arg0
     */
    set github_ids(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_repository_github_ids(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * What the step could not read (files left out, an input missing), one per line.
     * @param {string} arg0
     */
    set notes(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_repository_notes(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * `OWNER/REPO`.
     * @param {string} arg0
     */
    set repository(arg0) {
        const ptr0 = passStringToWasm0(arg0, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.__wbg_set_repository_repository(this.__wbg_ptr, ptr0, len0);
    }
}
if (Symbol.dispose) Repository.prototype[Symbol.dispose] = Repository.prototype.free;
exports.Repository = Repository;

/**
 * Predicts every pipeline of the repository and checks it against the credentials (issue 25:
 * in the pull request, before anything fails). No token is needed or read.
 * @param {Repository} repository
 * @returns {Checked}
 */
function check(repository) {
    _assertClass(repository, Repository);
    const ret = wasm.check(repository.__wbg_ptr);
    return Checked.__wrap(ret);
}
exports.check = check;

/**
 * Explains the job. Nothing of the token is kept or returned but its claims.
 * @param {Job} job
 * @returns {Explained}
 */
function explain(job) {
    _assertClass(job, Job);
    const ret = wasm.explain(job.__wbg_ptr);
    return Explained.__wrap(ret);
}
exports.explain = explain;

/**
 * Whether `path` is one a GitLab `include:local` wildcard takes (the core's rule).
 * @param {string} pattern
 * @param {string} path
 * @returns {boolean}
 */
function glob_matches(pattern, path) {
    let ptr0, len0, ptr1, len1;
    try {
        ptr0 = passStringToWasm0(pattern, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passStringToWasm0(path, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
        throw e;
    }
    const ret = wasm.glob_matches(ptr0, len0, ptr1, len1);
    return ret !== 0;
}
exports.glob_matches = glob_matches;

/**
 * Whether the check action reads this file of the workspace (its path, `/`-separated): the
 * core's rule, so that the action and `fedcred predict DIR` read the same files.
 * @param {string} path
 * @returns {boolean}
 */
function pipeline_file(path) {
    const ptr0 = passStringToWasm0(path, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.pipeline_file(ptr0, len0);
    return ret !== 0;
}
exports.pipeline_file = pipeline_file;

/**
 * The files the repository's pipelines name and that are not among its files (Azure Pipelines
 * templates, GitLab includes), as a JSON list of `{"path", "from_root"}`: the step reads them and
 * asks again, as `fedcred predict DIR` does. A path with `*` is a GitLab wildcard
 * ([`glob_matches`] tells what it takes).
 * @param {Repository} repository
 * @returns {string}
 */
function wanted(repository) {
    let deferred1_0;
    let deferred1_1;
    try {
        _assertClass(repository, Repository);
        const ret = wasm.wanted(repository.__wbg_ptr);
        deferred1_0 = ret[0];
        deferred1_1 = ret[1];
        return getStringFromWasm0(ret[0], ret[1]);
    } finally {
        wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
}
exports.wanted = wanted;
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
            throw new Error(getStringFromWasm0(arg0, arg1));
        },
        __wbindgen_init_externref_table: function() {
            const table = wasm.__wbindgen_externrefs;
            table.set(0, undefined);
            table.set(1024, undefined);
            table.set(1025, null);
            table.set(1026, true);
            table.set(1027, false);
        },
    };
    return {
        __proto__: null,
        "./fedcred_action_bg.js": import0,
    };
}

const CheckedFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_checked_free(ptr, 1));
const ExplainedFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_explained_free(ptr, 1));
const JobFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_job_free(ptr, 1));
const RepositoryFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_repository_free(ptr, 1));

function _assertClass(instance, klass) {
    if (!(instance instanceof klass)) {
        throw new Error(`expected instance of ${klass.name}`);
    }
}

function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}

let cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
    if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
        cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
    }
    return cachedUint8ArrayMemory0;
}

function isLikeNone(x) {
    return x === undefined || x === null;
}

function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;

    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);

        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }

    WASM_VECTOR_LEN = offset;
    return ptr;
}

let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
cachedTextDecoder.decode();
function decodeText(bytes) {
    return cachedTextDecoder.decode(bytes);
}

const cachedTextEncoder = new TextEncoder();

if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}

let WASM_VECTOR_LEN = 0;

const wasmPath = `${__dirname}/fedcred_action_bg.wasm`;
const wasmBytes = require('fs').readFileSync(wasmPath);
const wasmModule = new WebAssembly.Module(wasmBytes);
let wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
let wasm = wasmInstance.exports;
wasm.__wbindgen_start();
