(function () {
  "use strict";
  var LIB = JSON.parse(document.getElementById("library").textContent);
  var UI = __UI__;

  function $(id) { return document.getElementById(id); }
  var video = $("video");
  var state = { view: null, folder: null, scene: null, index: 0, subs: true, auto: false };
  var tracks = {};     // lang -> TextTrack (addTextTrack tracks cannot be removed: one per lang)
  var trackCues = [];  // the cues currently in the active track

  function tr(key, lang) {
    var table = UI[lang || (state.folder ? state.folder.lang : "zh")] || UI.en;
    return table[key];
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]); } }
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function clock(seconds) {
    if (typeof seconds !== "number" || !isFinite(seconds)) return "\u2013";
    var s = Math.round(seconds), m = Math.floor(s / 60);
    return m + ":" + String(s % 60).padStart(2, "0");
  }
  function hashOf(folder, scene, index) {
    var h = "#" + encodeURIComponent(folder.id);
    if (scene) h += "/" + encodeURIComponent(scene.id);
    if (scene && index) h += "/" + (index + 1);
    return h;
  }
  function setHash(h) {
    if (location.hash === h) return;
    try { history.replaceState(null, "", h); } catch (e) { /* keep the old hash */ }
  }
  function applyFolder(folder) {
    state.folder = folder;
    var lang = folder ? folder.lang : "zh";
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.body.className = "theme-" + (folder ? folder.theme : "dark");
  }

  // ------------------------------------------------------------------ routing
  function route() {
    var parts = location.hash.replace(/^#/, "").split("/").map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    var folders = LIB.folders;
    var folder = folders.filter(function (f) { return f.id === parts[0]; })[0] || folders[0] || null;
    var scene = folder && parts[1] ? folder.scenes.filter(function (s) { return s.id === parts[1]; })[0] : null;
    if (folder && scene) {
      var n = parseInt(parts[2] || "1", 10);
      n = isFinite(n) ? Math.min(Math.max(n - 1, 0), scene.sections.length - 1) : 0;
      showPlayer(folder, scene, n);
    } else {
      showGallery(folder);
    }
  }

  // ------------------------------------------------------------------ gallery
  function showGallery(folder) {
    if (state.view === "player") { video.pause(); }
    state.view = "gallery";
    applyFolder(folder);
    $("player").hidden = true;
    $("gallery").hidden = false;
    $("g-title").textContent = tr("heading");
    document.title = tr("heading");
    $("g-keys").innerHTML = tr("keysGallery");

    var nav = $("folders");
    nav.textContent = "";
    LIB.folders.forEach(function (f) {
      var label = (UI[f.lang] || UI.en).langName + " \u00b7 " + tr(f.theme, f.lang);
      var a = el("a", { "class": "btn" + (f === folder ? " current" : ""), href: hashOf(f),
                        "data-folder": f.id, "aria-current": f === folder ? "page" : null }, label);
      nav.appendChild(a);
    });

    var list = $("cards");
    list.textContent = "";
    $("g-empty").hidden = !!(folder && folder.scenes.length);
    $("g-empty").textContent = tr("empty");
    showLecture(folder);
    if (!folder) { setHash(""); return; }
    folder.scenes.forEach(function (scene) {
      var li = el("li");
      var a = el("a", { "class": "card", href: hashOf(folder, scene), "data-scene": scene.id });
      if (scene.thumb) {
        a.appendChild(el("img", { "class": "thumb", src: scene.thumb, alt: "" }));
      } else {
        a.appendChild(el("div", { "class": "thumb none" }, scene.title));
      }
      var body = el("div", { "class": "card-body" });
      body.appendChild(el("h2", { "class": "card-title" }, scene.title));
      body.appendChild(el("div", { "class": "card-meta" },
        clock(scene.duration) + " \u00b7 " + tr("nSections").replace("{n}", scene.sections.length)));
      a.appendChild(body);
      li.appendChild(a);
      if (scene.deck) {  // a link cannot sit inside the card's link: it follows it
        li.appendChild(el("a", { "class": "card-deck", href: scene.deck, download: "" },
          "\u2913 " + tr("deck")));
      }
      li.appendChild(sceneLinks(scene));  // the handout and numbers files (below)
      list.appendChild(li);
    });
    setHash(hashOf(folder));
    var first = list.querySelector(".card");
    if (first && !(document.activeElement && document.activeElement.closest && document.activeElement.closest("#gallery"))) {
      first.focus({ preventScroll: true });
    }
  }

  // the whole lecture of the folder: its video (chapters, subtitle tracks), deck, subtitles
  function showLecture(folder) {
    var box = $("g-lecture"), lec = folder && folder.lecture;
    box.textContent = "";
    box.hidden = !lec;
    if (!lec) return;
    box.appendChild(el("span", { "class": "lecture-name" }, tr("lecture") +
      (lec.duration ? " \u00b7 " + clock(lec.duration) : "")));
    [["video", "\u25b6 ", "lectureVideo", false], ["deck", "\u2913 ", "lectureDeck", true],
     ["srt", "\u2913 ", "srt", true], ["vtt", "\u2913 ", "vtt", true]].forEach(function (f) {
      if (!lec[f[0]]) return;
      box.appendChild(el("a", { "class": "btn", href: lec[f[0]], "data-file": f[0],
                                download: f[3] ? "" : null }, f[1] + tr(f[2])));
    });
  }

  function moveCard(step) {
    var cards = Array.prototype.slice.call(document.querySelectorAll("#cards .card"));
    if (!cards.length) return;
    var i = cards.indexOf(document.activeElement);
    if (i < 0) { cards[0].focus(); return; }
    var target = cards[Math.min(Math.max(i + step, 0), cards.length - 1)];
    target.focus();
  }
  function cardsPerRow() {
    var cards = document.querySelectorAll("#cards .card");
    if (!cards.length) return 1;
    var top = cards[0].getBoundingClientRect().top, n = 0;
    for (var i = 0; i < cards.length; i++) {
      if (Math.abs(cards[i].getBoundingClientRect().top - top) < 2) n++; else break;
    }
    return Math.max(n, 1);
  }

  // ------------------------------------------------------------------ player
  function showPlayer(folder, scene, index) {
    var same = state.view === "player" && state.scene === scene;
    state.view = "player";
    applyFolder(folder);
    state.scene = scene;
    $("gallery").hidden = true;
    $("player").hidden = false;
    if (!same) { buildPlayer(); }
    load(index, true);
  }

  function buildPlayer() {
    var folder = state.folder, scene = state.scene;
    document.title = scene.title;
    $("p-title").textContent = scene.title;
    $("back").textContent = tr("back");
    $("back").setAttribute("href", hashOf(folder));
    $("prev").title = tr("prev");
    $("prev").setAttribute("aria-label", tr("prev"));
    $("next").title = tr("next");
    $("next").setAttribute("aria-label", tr("next"));
    $("p-sections").textContent = tr("sections");
    $("p-files").textContent = tr("files");
    $("p-keys").innerHTML = tr("keysPlayer");

    var list = $("sections");
    list.textContent = "";
    scene.sections.forEach(function (s, i) {
      var li = el("li");
      var b = el("button", { "class": "sec", type: "button", "data-index": i, title: s.name });
      b.appendChild(el("span", { "class": "n" }, String(i + 1)));
      b.appendChild(el("span", { "class": "t" }, s.title));
      b.appendChild(el("span", { "class": "d" }, clock(s.duration)));
      b.addEventListener("click", function (e) { load(i, true); if (e.detail) b.blur(); });
      li.appendChild(b);
      var dl = el("a", { "class": "dl", href: s.video, download: "", title: tr("download") + ": " + s.name }, "\u2913 MP4");
      li.appendChild(dl);
      list.appendChild(li);
    });

    var files = $("files");
    files.textContent = "";
    [["video", "full"], ["srt", "srt"], ["vtt", "vtt"], ["deck", "deck"], ["handout", "handout"],
     ["numbers", "numbersFile"]].forEach(function (pair) {
      if (!scene[pair[0]]) return;
      var li = el("li");
      li.appendChild(el("a", { href: scene[pair[0]], download: "" }, "\u2913 " + tr(pair[1])));
      files.appendChild(li);
    });

    // one subtitle track per language, built from the embedded cues (a track element cannot load a file:// .vtt)
    var lang = folder.lang;
    Object.keys(tracks).forEach(function (l) { if (l !== lang) tracks[l].mode = "disabled"; });
    if (!tracks[lang]) {
      tracks[lang] = video.addTextTrack("subtitles", tr("trackLabel"), lang === "zh" ? "zh-CN" : "en");
    }
    showSubs();
    showAuto();
  }

  function activeTrack() { return state.folder ? tracks[state.folder.lang] : null; }

  function setCues(cues) {
    var track = activeTrack();
    if (!track) return;
    trackCues.forEach(function (c) { try { c.track && c.track.removeCue(c); } catch (e) { /* gone */ } });
    trackCues = [];
    (cues || []).forEach(function (c) {
      // cue text is WebVTT markup: escape it, so that e.g. "<bos>" stays text
      var text = c[2].replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      var cue = new VTTCue(c[0], c[1], text);
      track.addCue(cue);
      trackCues.push(cue);
    });
  }

  function load(index, play) {
    var scene = state.scene;
    if (!scene.sections.length) return;
    index = Math.min(Math.max(index, 0), scene.sections.length - 1);
    var s = scene.sections[index];
    var changed = state.index !== index || video.getAttribute("src") !== s.video;
    state.index = index;
    if (changed) {
      video.setAttribute("src", s.video);
      video.setAttribute("data-section", s.name);
      setCues(s.cues);
    } else {
      video.currentTime = 0;
    }
    $("p-count").textContent = (index + 1) + " / " + scene.sections.length;
    var buttons = document.querySelectorAll("#sections .sec");
    for (var i = 0; i < buttons.length; i++) {
      var cur = i === index;
      buttons[i].classList.toggle("current", cur);
      if (cur) { buttons[i].setAttribute("aria-current", "step"); buttons[i].scrollIntoView({ block: "nearest" }); }
      else { buttons[i].removeAttribute("aria-current"); }
    }
    showNumbers(s);  // "numbers in this section" (below)
    $("prev").disabled = index === 0;
    $("next").disabled = index === scene.sections.length - 1;
    hideOverlay();
    $("progress-bar").style.width = "0";
    setHash(hashOf(state.folder, scene, index));
    if (play) { playVideo(); }
  }

  function playVideo() {
    var p = video.play();
    if (p && p.catch) {
      p.catch(function () { if (video.paused) overlay(tr("paused")); });
    }
  }
  function togglePlay() {
    if (video.paused) {
      if (video.ended) video.currentTime = 0;
      hideOverlay();
      playVideo();
    } else {
      video.pause();
      overlay(tr("paused"));
    }
  }
  function next() {
    if (state.index < state.scene.sections.length - 1) load(state.index + 1, true);
  }
  function prev() {
    if (state.index > 0) load(state.index - 1, true);
  }
  function overlay(text) { var o = $("overlay"); o.textContent = text; o.hidden = false; }
  function hideOverlay() { $("overlay").hidden = true; }

  function showSubs() {
    var track = activeTrack();
    if (track) track.mode = state.subs ? "showing" : "hidden";
    var b = $("subs");
    b.textContent = tr(state.subs ? "subsOn" : "subsOff");
    b.setAttribute("aria-pressed", state.subs ? "true" : "false");
  }
  function toggleSubs() { state.subs = !state.subs; showSubs(); }
  function showAuto() {
    var b = $("auto");
    b.textContent = tr(state.auto ? "autoOn" : "autoOff");
    b.setAttribute("aria-pressed", state.auto ? "true" : "false");
  }
  function toggleAuto() { state.auto = !state.auto; showAuto(); }

  function fullscreen() {
    var screen = $("screen");
    var p = document.fullscreenElement ? document.exitFullscreen() : screen.requestFullscreen();
    if (p && p.catch) p.catch(function () { /* not allowed here */ });
  }

  video.addEventListener("ended", function () {
    var last = state.index >= state.scene.sections.length - 1;
    if (state.auto && !last) { next(); return; }
    overlay(tr(last ? "lastEnded" : "ended"));
  });
  video.addEventListener("play", hideOverlay);
  video.addEventListener("timeupdate", function () {
    var d = video.duration;
    $("progress-bar").style.width = (d > 0 ? 100 * video.currentTime / d : 0) + "%";
  });
  video.addEventListener("click", togglePlay);
  $("progress").addEventListener("click", function (e) {
    var r = this.getBoundingClientRect();
    if (video.duration > 0) video.currentTime = video.duration * (e.clientX - r.left) / r.width;
  });
  function button(id, action) {
    $(id).addEventListener("click", function (e) { action(); if (e.detail) this.blur(); });
  }
  button("prev", prev);
  button("next", next);
  button("subs", toggleSubs);
  button("auto", toggleAuto);

  // ------------------------------------------------------------------ keys
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var key = e.key;
    if (state.view === "player") {
      var t = e.target;
      var onControl = t && t !== document.body && /^(A|BUTTON)$/.test(t.tagName);
      if (onControl && (key === "Enter" || key === " ")) return;  // the focused control acts
      if (key === "ArrowRight" || key === " " || key === "PageDown") next();
      else if (key === "ArrowLeft" || key === "PageUp") prev();
      else if (key === "s" || key === "S") toggleSubs();
      else if (key === "k" || key === "K") togglePlay();
      else if (key === "r" || key === "R") load(state.index, true);
      else if (key === "a" || key === "A") toggleAuto();
      else if (key === "f" || key === "F") fullscreen();
      else if (key === "Home") load(0, true);
      else if (key === "End") load(state.scene.sections.length - 1, true);
      else if (/^[1-9]$/.test(key)) { var n = +key - 1; if (n < state.scene.sections.length) load(n, true); }
      else if (key === "Escape" || key === "Backspace") {
        if (document.fullscreenElement) return;
        location.hash = hashOf(state.folder);
      }
      else return;
      e.preventDefault();
    } else if (state.view === "gallery") {
      if (key === "ArrowRight") moveCard(1);
      else if (key === "ArrowLeft") moveCard(-1);
      else if (key === "ArrowDown") moveCard(cardsPerRow());
      else if (key === "ArrowUp") moveCard(-cardsPerRow());
      else return;
      e.preventDefault();
    }
  });

  // ------------------------------------------------------------------ numbers and handouts
  // (scenes/tools/handout.py: a section's "numbers" are its rows [name, on screen, exact value,
  // source], from the scene's numbers file; null when the scene has none)
  function sceneLinks(scene) {
    var links = el("div", { "class": "card-links" });
    [["handout", "handout"], ["numbers", "numbersFile"]].forEach(function (pair) {
      if (scene[pair[0]]) {
        links.appendChild(el("a", { href: scene[pair[0]], target: "_blank", rel: "noopener",
                                    "data-file": pair[0] }, tr(pair[1])));
      }
    });
    return links;
  }
  function showNumbers(section) {
    var rows = section.numbers, list = $("numbers"), head = $("p-numbers");
    list.textContent = "";
    head.hidden = list.hidden = !rows;
    if (!rows) return;
    head.textContent = tr("numbersTitle").replace("{n}", rows.length);
    if (!rows.length) {
      list.appendChild(el("li", { "class": "none" }, tr("numbersNone")));
      return;
    }
    rows.forEach(function (r) {
      var li = el("li", { "class": "num", title: r[2] ? tr("exact") + " " + r[2] : null });
      li.appendChild(el("span", { "class": "nm" }, r[0]));
      li.appendChild(el("span", { "class": "sh" }, r[1]));
      li.appendChild(el("span", { "class": "or" }, r[3]));
      list.appendChild(li);
    });
  }

  window.addEventListener("hashchange", route);
  route();
  window.lecturePlayer = { state: state, library: LIB };  // for tests and the console
})();
