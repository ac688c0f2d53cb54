//! Mijn scans: every draft on this device, with open, duplicate and delete (undoable).

use leptos::prelude::*;

use super::backup::BackupReminder;
use super::drafts::Drafts;
use super::scan::go;
use crate::core::framework::Rater;
use crate::core::route::Screen;

/// The Mijn scans screen.
#[component]
pub fn DraftList() -> impl IntoView {
    let drafts = Drafts::get();
    view! {
        <section>
            <h1>"Mijn scans"</h1>
            {move || drafts.memory_only.get().map(|m| view! { <p class="banner warning" role="alert">{m}</p> })}
            <BackupReminder />
            <DraftCards />
            {move || drafts.scans.with(|s| s.is_empty()).then(|| view! { <p>"Nog geen scans op dit apparaat."</p> })}
            <p><a class="action primary" href="#/nieuw">"Nieuwe scan"</a></p>
        </section>
    }
}

/// Every draft as a card (framework, student, progress, last change) with open, duplicate and
/// delete; a deleted draft can be brought back with "ongedaan maken". Used on the start page too.
#[component]
pub fn DraftCards() -> impl IntoView {
    let drafts = Drafts::get();
    let rows = move || {
        drafts.scans.with(|all| {
            all.iter()
                .map(|s| {
                    let framework = drafts.framework_for(&s.framework);
                    let title = framework.as_ref().map(|f| f.display_title().to_string()).unwrap_or_else(|| s.framework.id.clone());
                    let progress = framework.as_ref().map(|f| {
                        let (st, total) = s.progress(f, Rater::Student);
                        let (bpv, _) = s.progress(f, Rater::Supervisor);
                        format!("student {st}/{total}, BPV {bpv}/{total}")
                    });
                    let id = s.id.clone();
                    let (id2, id3, id4) = (id.clone(), id.clone(), id.clone());
                    let restore = drafts.has_backup(&id).then(|| view! {
                        <button type="button" on:click=move |_| drafts.restore_backup(&id4)>"Versie van vóór samenvoegen herstellen"</button>
                    });
                    let when = s.updated.get(..16).unwrap_or(&s.updated).replace('T', " ");
                    view! {
                        <li class="card" data-id=id.clone()>
                            <a class="card-title" href=Screen::Scan { id: id.clone(), rater: Rater::Student, group: 1 }.to_hash()>
                                {if s.subject.student.is_empty() { "(geen naam)".to_string() } else { s.subject.student.clone() }}
                            </a>
                            <p class="meta">{title} " · " {progress} " · laatst gewijzigd " {when} " (UTC)"</p>
                            <div class="row-actions">
                                <a href=Screen::Results(id.clone()).to_hash()>"Resultaat"</a>
                                <button type="button" on:click=move |_| { if let Some(new) = drafts.duplicate(&id2) { go(&Screen::Scan { id: new, rater: Rater::Student, group: 1 }) } }>"Dupliceren"</button>
                                <button type="button" on:click=move |_| drafts.delete(&id3)>"Verwijderen"</button>
                                {restore}
                            </div>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let undo = move || {
        drafts.deleted.get().map(|s| {
            view! {
                <p class="notice" role="status">
                    "Scan van " {s.subject.student} " verwijderd. "
                    <button type="button" on:click=move |_| drafts.undo_delete()>"Ongedaan maken"</button>
                </p>
            }
        })
    };
    let unreadable = move || {
        drafts.unreadable.get().into_iter().map(|(key, why)| view! {
            <li class="card"><p class="card-title">"Onleesbare scan (blijft bewaard)"</p><p class="meta">{key} ": " {why}</p></li>
        }).collect_view()
    };
    view! {
        {undo}
        <ul class="cards" data-testid="draft-list">{rows}{unreadable}</ul>
    }
}
