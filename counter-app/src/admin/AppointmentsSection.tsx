import type { AdminPageProps } from './AdminPage.tsx';
import { AppointmentImport } from './AppointmentImport.tsx';
import { AppointmentSourceForm } from './AppointmentSourceForm.tsx';
import './integrations.css';

/** "Termine" (issues 11 and 17): file import with preview, and the appointment source pulled on a schedule. */
export function AppointmentsSection({ token, onSignOut }: AdminPageProps) {
  return (
    <div className="stack">
      <AppointmentImport token={token} />
      <AppointmentSourceForm token={token} onSignOut={onSignOut} />
    </div>
  );
}
